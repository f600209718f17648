#!/usr/bin/env python3
"""Sorts `perf script -F comm,tid,ip,sym,dso` samples of a geocite run by stage and by thread.

    perf script -i perf.data -F comm,tid,ip,sym,dso | bench/stages.py

A sample counts for the stage of the function it fell in, by name (the first rule that matches).
Inlining blurs the edges: code inlined into a stage's function counts for that stage, and the
shared helpers (the allocator, copying, hash maps) are shown on their own rather than guessed
at. bench/profile.sh records the samples.
"""
import collections
import re
import sys

STAGES = [
    ("kernel: reading, writing, page faults", r"\[kernel\.kallsyms\]"),
    ("ingest: JSONL and CSV parsing", r"serde_json::(de|read)|SliceRead|Deserializ|geocite::ingest::|from_utf8|read_until"),
    ("recognize: tokens and sentences", r"Doc::with_body|tokenize|sentences::|Doc::fold|is_title_case"),
    ("recognize: name index and rules", r"geocite::recognize::|Recognizer|geocite::gazetteer::|fst::|[Vv]ocab"),
    ("resolve", r"geocite::resolve::|Resolver|libm\.so"),
    ("cite", r"geocite::cite::"),
    ("layers: rendering and writing rows", r"geocite::layers::|serde_json::ser|ryu::|zmij|itoa|io::Write::write_all|csv::"),
    ("allocator", r"\bmi_|_mi_|mimalloc"),
    ("copying and comparing (libc)", r"mem(move|cpy|cmp|chr|set)"),
    ("hash maps", r"hashbrown|HashMap|rustc_hash"),
    ("sorting", r"slice::sort"),
    ("geoparsing, inlined into the per-article function", r"pipeline::Pipeline::process"),
    ("thread loops, inlined into the thread's body", r"__rust_begin_short_backtrace"),
]


def stage_of(symbol_and_dso):
    for name, pattern in STAGES:
        if re.search(pattern, symbol_and_dso):
            return name
    return "other"


def main():
    by_stage = collections.Counter()
    by_thread = collections.Counter()
    for line in sys.stdin:
        # "   geocite-0 25320  55d3c0e8a2b1 geocite::resolve::...+0x41 (/path/geocite)"
        fields = line.split(None, 3)
        if len(fields) < 4:
            continue
        comm, tid, _ip, rest = fields
        by_thread[f"{comm} ({tid})"] += 1
        by_stage[stage_of(rest)] += 1
    total = sum(by_stage.values())
    if total == 0:
        sys.exit("no samples on standard input")
    print(f"{total} samples\n\n| stage | share of CPU |\n|---|---|")
    for name, n in by_stage.most_common():
        print(f"| {name} | {100 * n / total:.1f} % |")
    print("\n| thread | share of CPU |\n|---|---|")
    for name, n in by_thread.most_common():
        print(f"| {name} | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main()
