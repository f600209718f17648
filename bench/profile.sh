#!/usr/bin/env bash
# Where a `geocite map` run spends its CPU, by thread and by stage: `perf record` on a build
# with line tables, then bench/stages.py sorts the samples by the function they fell in.
#
#   bench/profile.sh                               # 50 MB of the news corpus, one thread
#   bench/profile.sh bench/corpus/news-100mb.jsonl 2
#
# Needs `perf` (linux-perf). The build goes to target/profiling, so the release build is left
# as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

input=${1:-bench/corpus/news-50mb.jsonl}
threads=${2:-1}
if [[ ! -f $input && $input == bench/corpus/news-50mb.jsonl ]]; then
    python3 bench/make_corpus.py --mb 50 --out "$input"
fi

CARGO_PROFILE_RELEASE_DEBUG=line-tables-only CARGO_TARGET_DIR=target/profiling \
    cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
perf record --quiet -F 1999 -o "$out/perf.data" \
    target/profiling/release/geocite map "$input" --out "$out/layers" --threads "$threads" --quiet
perf script -i "$out/perf.data" -F comm,tid,ip,sym,dso 2>/dev/null | python3 bench/stages.py
