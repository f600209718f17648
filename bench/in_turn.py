#!/usr/bin/env python3
"""Times geocite builds in turn on one input, so that they share the machine's mood.

    bench/in_turn.py INPUT THREADS BINARY... [--runs N]

Runs `BINARY map INPUT --out DIR --threads THREADS --quiet` for each binary, round after round,
and prints each one's CPU time (user + system) and wall time: the median and the range. On a
shared machine whole runs far apart differ by more than most changes; builds timed in turn do
not.
"""
import argparse
import resource
import statistics
import subprocess
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input")
    parser.add_argument("threads")
    parser.add_argument("binaries", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cpu = {b: [] for b in args.binaries}
    wall = {b: [] for b in args.binaries}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(args.runs):
            for b in args.binaries:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([b, "map", args.input, "--out", out, "--threads", args.threads, "--quiet"], check=True)
                wall[b].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[b].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    for b in args.binaries:
        c, w = sorted(cpu[b]), sorted(wall[b])
        print(
            f"{b}: CPU {statistics.median(c):.2f} s ({c[0]:.2f}–{c[-1]:.2f}), "
            f"wall {statistics.median(w):.2f} s ({w[0]:.2f}–{w[-1]:.2f}), {args.runs} runs"
        )


if __name__ == "__main__":
    main()
