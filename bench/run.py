#!/usr/bin/env python3
"""geocite beside its peers on this machine: throughput, start time and peak memory.

Run through bench/run.sh, which builds geocite and the peers' venv first. Prints a Markdown
report (for BENCHMARKS.md) and writes it to bench/results/latest.md.

Inputs (built at bench time, never committed; see make_corpus.py):
  same-article  the 2.9 KB sample article 000 x 1000: the input the peers were first measured on
  sample-2000   the first 2,000 articles of the news corpus (GeoWebNews, LGL, GeoVirus, samples)
  news-100mb    100 MB of article text; news-1gb with --large
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
GEOCITE = ROOT / "target" / "release" / "geocite"
VENV_PYTHON = ROOT / "bench" / ".venv" / "bin" / "python"
PEERS = ["geotext", "flashgeotext", "spacy"]


def timed(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd under GNU time; returns (wall s, cpu s, peak RSS MB, stdout text)."""
    with tempfile.NamedTemporaryFile("r") as stats, tempfile.TemporaryFile("w+") as out:
        subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", stats.name, *map(str, cmd)],
                       stdout=out, stderr=subprocess.DEVNULL, check=True)
        wall, user, system, rss_kb = stats.read().split()[-4:]
        out.seek(0)
        return float(wall), float(user) + float(system), int(rss_kb) / 1024, out.read()


def corpus_size(path):
    articles = size = 0
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            articles += 1
            size += len(json.loads(line)["text"].encode("utf-8"))
    return articles, size


def make_inputs(large):
    CORPUS.mkdir(parents=True, exist_ok=True)
    inputs = {}
    same = CORPUS / "same-article-x1000.jsonl"
    if not same.exists():
        text = (ROOT / "tests/data/seed-articles/000_e600ccfccb9c53c7.txt").read_text(encoding="utf-8")
        with open(same, "w", encoding="utf-8") as out:
            for k in range(1000):
                out.write(json.dumps({"id": f"same-{k}", "text": text}) + "\n")
    inputs["same-article"] = same
    for mb, name in [(100, "news-100mb")] + ([(1000, "news-1gb")] if large else []):
        path = CORPUS / f"{name}.jsonl"
        if not path.exists():
            subprocess.run([sys.executable, ROOT / "bench/make_corpus.py", "--mb", str(mb), "--out", path], check=True)
        inputs[name] = path
    sample = CORPUS / "sample-2000.jsonl"
    with open(inputs["news-100mb"], encoding="utf-8") as full, open(sample, "w", encoding="utf-8") as out:
        for k, line in enumerate(full):
            if k == 2000:
                break
            out.write(line)
    inputs["sample-2000"] = sample
    short = CORPUS / "one-short-article.txt"
    short.write_text("Fighting near Palmyra, Syria, displaced families to Homs.\n", encoding="utf-8")
    inputs["one-short-article"] = short
    return inputs


def geocite_run(path, threads=None):
    with tempfile.TemporaryDirectory() as out:
        cmd = [GEOCITE, "map", path, "--out", out, "--quiet"]
        if threads:
            cmd += ["--threads", threads]
        return timed(cmd)


def row(tool, input_name, articles, size, wall, cpu, rss):
    return {
        "tool": tool, "input": input_name, "articles": articles, "mb": size / 1e6,
        "wall": wall, "cpu": cpu, "rss": rss,
        "articles_s": articles / wall, "mb_s": size / 1e6 / wall, "mb_s_core": size / 1e6 / cpu,
    }


def start_times(inputs, peers):
    runs = []
    for _ in range(20):
        runs.append(geocite_run(inputs["one-short-article"])[0])
    starts = {"geocite": statistics.median(runs)}
    one = CORPUS / "one-short-article.jsonl"
    one.write_text(json.dumps({"id": "one", "text": inputs["one-short-article"].read_text()}) + "\n")
    for peer in peers:
        starts[peer] = statistics.median(timed([VENV_PYTHON, ROOT / "bench/peers.py", peer, one])[0] for _ in range(3))
    return starts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--large", action="store_true", help="also run geocite on 1 GB")
    ap.add_argument("--no-peers", action="store_true")
    args = ap.parse_args()
    peers = [] if args.no_peers else PEERS
    inputs = make_inputs(args.large)
    rows = []
    for name in ["same-article", "sample-2000"]:
        articles, size = corpus_size(inputs[name])
        rows.append(row("geocite (2 threads)", name, articles, size, *geocite_run(inputs[name])[:3]))
        rows.append(row("geocite (1 thread)", name, articles, size, *geocite_run(inputs[name], 1)[:3]))
        for peer in peers:
            wall, cpu, rss, out = timed([VENV_PYTHON, ROOT / "bench/peers.py", peer, inputs[name]])
            rows.append(row(peer, name, articles, size, wall, cpu, rss))
    for name in ["news-100mb", "news-1gb"]:
        if name not in inputs:
            continue
        articles, size = corpus_size(inputs[name])
        for threads in [None, 1]:
            label = "geocite (1 thread)" if threads else "geocite (2 threads)"
            rows.append(row(label, name, articles, size, *geocite_run(inputs[name], threads)[:3]))
    starts = start_times(inputs, peers)
    report = render(rows, starts)
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(report)


def render(rows, starts):
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, {platform.platform()}; "
        f"run {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        "| tool | input | articles | MB | wall s | articles/s | MB/s | MB/s per CPU-second | peak RSS MB | geocite (2 threads) is faster by |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    ours = {r["input"]: r for r in rows if r["tool"] == "geocite (2 threads)"}
    for r in rows:
        ratio = ours[r["input"]]["articles_s"] / r["articles_s"]
        lines.append(
            f"| {r['tool']} | {r['input']} | {r['articles']:,} | {r['mb']:.1f} | {r['wall']:.2f} | "
            f"{r['articles_s']:,.0f} | {r['mb_s']:.1f} | {r['mb_s_core']:.1f} | {r['rss']:.0f} | "
            f"{'—' if r['tool'] == 'geocite (2 threads)' else f'{ratio:,.1f}×'} |"
        )
    lines += ["", "| tool | start: one short article, wall ms (median) |", "|---|---|"]
    for tool, seconds in starts.items():
        lines.append(f"| {tool} | {seconds * 1000:.0f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
