"""Shared helpers: haversine distance and gold lookup by overlap."""
import json
import math


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    x = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(x)))


def load_gold(work, corpus):
    return {d['id']: d['gold'] for d in json.load(open(f'{work}/{corpus}.gold.json'))}


def gold_at(gold, doc_id, start, end):
    """The first gold toponym overlapping [start, end), or None."""
    for g in gold[doc_id]:
        if g['s'] < end and start < g['e']:
            return g
    return None
