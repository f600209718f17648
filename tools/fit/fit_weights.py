"""Fits the resolver's weights (src/resolve/features.rs) as a conditional logit over each
span's candidates, a candidate within 161 km of gold counting as right, with the hand-set
weights held fixed. Prints cross-corpus top-1 accuracy and the weights fitted on both corpora.

    cargo build --release --example features
    for c in gwn lgl; do ./target/release/examples/features < $WORK/$c.jsonl > $WORK/$c.feat; done
    python3 tools/fit/fit_weights.py $WORK
"""
import json
import re
import sys

import numpy as np
from scipy.optimize import minimize

from common import gold_at, haversine_km, load_gold

FIXED = {'sentence_support': 2.0, 'transliterated': -0.5, 'focus': 1.5, 'hint': 0.5}
L2 = 1.0


def parse(features):
    pairs = re.findall(r'(\w+): (-?[\d.e-]+)', features)
    return [k for k, _ in pairs], [float(v) for _, v in pairs]


def load(work, corpus):
    gold = load_gold(work, corpus)
    groups, names = [], None
    for line in open(f'{work}/{corpus}.feat'):
        d = json.loads(line)
        g = gold_at(gold, d['id'], d['s'], d['e'])
        if d['kind'] != 'place' or not d['cands'] or g is None or g['lat'] is None:
            continue
        rows = [parse(c['f']) for c in d['cands']]
        names = rows[0][0]
        dist = np.array([haversine_km(g['lat'], g['lon'], c['lat'], c['lon']) for c in d['cands']])
        groups.append((np.array([r[1] for r in rows]), dist))
    return groups, names


def fit(groups, names):
    free = [i for i, n in enumerate(names) if n not in FIXED]
    fixed = np.array([FIXED.get(n, 0.0) for n in names])
    reduced = [(X[:, free], dist < 161, X @ fixed) for X, dist in groups]

    def nll(w):
        total, grad = L2 * (w @ w), 2 * L2 * w
        for X, ok, offset in reduced:
            if not ok.any() or ok.all():
                continue
            s = X @ w + offset
            p = np.exp(s - s.max())
            p /= p.sum()
            right = p[ok].sum()
            total -= np.log(max(right, 1e-12))
            grad = grad + p @ X - (np.where(ok, p, 0) / max(right, 1e-12)) @ X
        return total, grad

    w = minimize(nll, np.zeros(len(free)), jac=True, method='L-BFGS-B').x
    full = fixed.copy()
    full[free] = w
    return full


def accuracy(w, groups):
    return sum(dist[np.argmax(X @ w)] < 161 for X, dist in groups) / len(groups)


def main(work):
    gwn, names = load(work, 'gwn')
    lgl, _ = load(work, 'lgl')
    on_gwn, on_lgl, on_both = fit(gwn, names), fit(lgl, names), fit(gwn + lgl, names)
    print(f'trained on GeoWebNews: {accuracy(on_gwn, gwn):.3f} on it, {accuracy(on_gwn, lgl):.3f} on LGL')
    print(f'trained on LGL: {accuracy(on_lgl, lgl):.3f} on it, {accuracy(on_lgl, gwn):.3f} on GeoWebNews')
    print(f'trained on both: {accuracy(on_both, gwn):.3f} GeoWebNews, {accuracy(on_both, lgl):.3f} LGL')
    for name, w in zip(names, on_both):
        print(f'    {name}: {w:.1f},')


if __name__ == '__main__':
    main(sys.argv[1])
