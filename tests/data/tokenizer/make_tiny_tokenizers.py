#!/usr/bin/env python3
"""Writes the tiny tokenizer.json files of this folder (run from anywhere; needs only the standard library).

They exercise what the Qwen3 file does not: the legacy "a b" merge form (tiny_legacy) next to the pair
form (tiny_pairs, same vocabulary and merges, so the same ids), LLaMA-3's ignore_merges with its
TemplateProcessing <|begin_of_text|> and added-token flags (tiny_llama3, and tiny_llama3_merging, the same
file with ignore_merges off), and GPT-2's ByteLevel(use_regex, add_prefix_space) (tiny_gpt2). The vocabulary
is the 256 byte-level characters (id = byte value) plus the merged tokens below; the expected ids in
tests/core/text were worked out by hand and are also checked against the Hugging Face library.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

QWEN_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                r"|\s*[\r\n]+|\s+(?!\S)|\s+")
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def byte_chars():
    printable = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    chars, n = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(0x100 + n)
            n += 1
    return [chars[b] for b in range(256)]


MERGES = [
    ("Ġ", "w"), ("h", "e"), ("l", "l"), ("he", "ll"), ("hell", "o"), ("o", "r"), ("Ġw", "or"), ("l", "d"),
    ("Ġwor", "ld"), ("a", "a"), ("b", "c"), ("a", "b"), ("Ġ", "Ġ"), ("Ċ", "Ċ"), ("'", "s"), ("Ã", "©"),
    ("Ġ", "h"), ("1", "2"), ("12", "3"),
]


def vocab_and_merges(extra_tokens=()):
    vocab = {c: i for i, c in enumerate(byte_chars())}
    for a, b in MERGES:
        vocab.setdefault(a + b, len(vocab))
    for t in extra_tokens:
        vocab.setdefault(t, len(vocab))
    return vocab


def added(id_, content, special, **flags):
    token = {"id": id_, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": special}
    token.update(flags)
    return token


def byte_level(add_prefix_space=False, use_regex=False):
    return {"type": "ByteLevel", "add_prefix_space": add_prefix_space, "trim_offsets": False, "use_regex": use_regex}


def write(name, doc, config=None):
    os.makedirs(os.path.join(HERE, name), exist_ok=True)
    with open(os.path.join(HERE, name, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    if config is not None:
        with open(os.path.join(HERE, name, "tokenizer_config.json"), "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False, indent=1)
            f.write("\n")


def qwen_like(merges):
    vocab = vocab_and_merges()
    n = len(vocab)
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added(n, "<|endoftext|>", True), added(n + 1, "<|im_start|>", True),
                         added(n + 2, "<|im_end|>", True), added(n + 3, "<tool>", False)],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": QWEN_PATTERN}, "behavior": "Isolated", "invert": False},
            byte_level()]},
        "post_processor": byte_level(),
        "decoder": byte_level(),
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    }


def main():
    config = {"add_bos_token": False, "bos_token": None, "eos_token": "<|im_end|>",
              "pad_token": {"content": "<|endoftext|>", "lstrip": False, "normalized": False, "rstrip": False,
                            "single_word": False, "special": True},
              "chat_template": "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
                               "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"}
    write("tiny_legacy", qwen_like([a + " " + b for a, b in MERGES]), config)
    write("tiny_pairs", qwen_like([[a, b] for a, b in MERGES]))

    for name, ignore in (("tiny_llama3", True), ("tiny_llama3_merging", False)):
        vocab = vocab_and_merges(extra_tokens=["Ġhello"])
        n = len(vocab)
        write(name, {
            "version": "1.0", "truncation": None, "padding": None,
            "added_tokens": [added(n, "<|begin_of_text|>", True), added(n + 1, "<|eot_id|>", True),
                             added(n + 2, "<mask>", False, lstrip=True, rstrip=True),
                             added(n + 3, "<w>", False, single_word=True),
                             added(n + 4, "A\u030aX", False, normalized=True)],
            "normalizer": {"type": "NFC"},
            "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": LLAMA3_PATTERN}, "behavior": "Isolated", "invert": False},
                byte_level()]},
            "post_processor": {"type": "Sequence", "processors": [
                byte_level(),
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}},
                            {"Sequence": {"id": "A", "type_id": 0}}],
                 "pair": [{"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 0}},
                          {"Sequence": {"id": "A", "type_id": 0}},
                          {"SpecialToken": {"id": "<|begin_of_text|>", "type_id": 1}},
                          {"Sequence": {"id": "B", "type_id": 1}}],
                 "special_tokens": {"<|begin_of_text|>": {"id": "<|begin_of_text|>", "ids": [n],
                                                          "tokens": ["<|begin_of_text|>"]}}}]},
            "decoder": byte_level(),
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                      "ignore_merges": ignore, "vocab": vocab, "merges": [[a, b] for a, b in MERGES]},
        })

    vocab = vocab_and_merges()
    write("tiny_gpt2", {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added(len(vocab), "<|endoftext|>", True)],
        "normalizer": None,
        "pre_tokenizer": byte_level(add_prefix_space=True, use_regex=True),
        "post_processor": byte_level(add_prefix_space=True),
        "decoder": byte_level(add_prefix_space=True),
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "vocab": vocab,
                  "merges": [a + " " + b for a, b in MERGES]},
    })


if __name__ == "__main__":
    main()
