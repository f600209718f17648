#!/usr/bin/env python3
"""Builds a large JSONL news corpus for benchmarking geocite from real texts.

The texts are the two sample articles (tests/data/seed-articles) and, when ../shared is beside
the project, the articles of GeoWebNews, LGL and GeoVirus (news; GPL, so the corpus is built at
bench time and never committed). Each record gets its own id and a date, so that the places
layer aggregates over a realistic spread of articles and days.

    bench/make_corpus.py --mb 100 --out bench/corpus/news-100mb.jsonl
"""

import argparse
import datetime
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "data" / "eval"


def seed_texts():
    for path in sorted((ROOT / "tests" / "data" / "seed-articles").glob("*.txt")):
        yield path.stem, path.read_text(encoding="utf-8")


def xml_texts(path, article_tag, text_tag):
    if not path.exists():
        print(f"make_corpus: {path} not found; skipped", file=sys.stderr)
        return
    for k, article in enumerate(ET.parse(path).getroot().iter(article_tag)):
        text = article.findtext(text_tag) or ""
        if text.strip():
            yield f"{path.stem}-{k}", text


def all_texts():
    texts = list(seed_texts())
    texts += xml_texts(EVAL / "geowebnews" / "GWN.xml", "article", "text")
    texts += xml_texts(EVAL / "lgl" / "lgl.xml", "article", "text")
    texts += xml_texts(EVAL / "geovirus" / "GeoVirus.xml", "article", "text")
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, required=True, help="megabytes (10^6 bytes) of article text to write")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()

    texts = all_texts()
    target = int(args.mb * 1_000_000)
    start = datetime.date(2015, 1, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(args.out.suffix + ".tmp")
    written = articles = 0
    with open(tmp, "w", encoding="utf-8") as out:
        while written < target:
            source_id, text = texts[articles % len(texts)]
            record = {
                "id": f"bench-{articles:08d}",
                "title": f"{source_id} (copy {articles // len(texts)})",
                "date": (start + datetime.timedelta(days=articles % 3650)).isoformat(),
                "url": f"https://example.org/news/{articles}",
                "source": source_id.split("-")[0],
                "text": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += len(text.encode("utf-8"))
            articles += 1
    tmp.replace(args.out)
    print(f"{args.out}: {articles} articles, {written / 1e6:.1f} MB of text from {len(texts)} distinct articles")


if __name__ == "__main__":
    main()
