#!/usr/bin/env node
// The reference for SteerScope's tokenizer tests: the Hugging Face tokenizers library itself (its Rust
// code, through the @anush008/tokenizers Node binding), driven with the same line protocol as
// `steerscope-cli tokenize`:
//
//   node tokenizer_oracle.js --tokenizer tokenizer.json [--decode [--skip-special]] [--add-special]
//
// stdin: one JSON value per line, a string to encode or (with --decode) an array of ids.
// stdout: one JSON line per input line, the ids or the decoded string.
// Test-time only (installed by scripts/install-test-tools.sh); nothing in SteerScope runs it otherwise.
'use strict';

const fs = require('fs');
const { Tokenizer } = require('@anush008/tokenizers');

function parseArgs(argv) {
  const opts = { tokenizer: null, decode: false, skipSpecial: false, addSpecial: false };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    if (a === '--tokenizer') opts.tokenizer = argv[++i];
    else if (a === '--decode') opts.decode = true;
    else if (a === '--skip-special') opts.skipSpecial = true;
    else if (a === '--add-special') opts.addSpecial = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.tokenizer) throw new Error('--tokenizer FILE is required');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const tokenizer = Tokenizer.fromFile(opts.tokenizer);
  const lines = fs.readFileSync(0, 'utf8').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const out = [];
  for (let n = 0; n < lines.length; ++n) {
    const value = JSON.parse(lines[n]);
    if (opts.decode) {
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
