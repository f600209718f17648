"""Fits the confidence model (src/resolve/calibration.rs): a logistic regression over each
mention's resolution probability and recognition cues, a mention counting as right when it
matches a gold toponym and lies within 161 km of it. Prints reliability bins across corpora.

    cargo build --release --example calib
    for c in gwn lgl; do ./target/release/examples/calib < $WORK/$c.jsonl > $WORK/$c.calib; done
    python3 tools/fit/fit_calibration.py $WORK
"""
import json
import math
import sys

import numpy as np
from scipy.optimize import minimize

from common import gold_at, haversine_km, load_gold

NAMES = ['BIAS', 'RESOLUTION_LOGIT', 'DEMONYM', 'TRANSLITERATED', 'WEAK_CASE', 'SEVERAL_WORDS',
         'LN_CANDIDATES', 'COUNTRY_OR_CONTINENT', 'ADMIN1', 'POPULATION']


def load(work, corpus):
    gold = load_gold(work, corpus)
    X, y = [], []
    for line in open(f'{work}/{corpus}.calib'):
        d = json.loads(line)
        g = gold_at(gold, d['id'], d['s'], d['e'])
        right = g is not None and g['lat'] is not None and haversine_km(g['lat'], g['lon'], d['lat'], d['lon']) < 161
        p = min(max(d['p'], 1e-4), 1 - 1e-4)
        X.append([1.0, math.log(p / (1 - p)), d['demonym'], d['translit'], d['weak'], d['words'] > 1,
                  math.log(d['cands']), d['precision'] in ('country', 'continent'), d['precision'] == 'admin1',
                  math.log1p(d['pop']) / math.log(1e7)])
        y.append(right)
    return np.array(X, float), np.array(y, float)


def fit(X, y, l2=0.5):
    def nll(w):
        p = 1 / (1 + np.exp(-(X @ w)))
        reg = np.r_[0, w[1:]]
        loss = -(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)).sum() + l2 * (reg @ reg)
        return loss, X.T @ (p - y) + 2 * l2 * reg
    return minimize(nll, np.zeros(X.shape[1]), jac=True, method='L-BFGS-B').x


def reliability(w, X, y):
    p = 1 / (1 + np.exp(-(X @ w)))
    bins = [(b / 10, (p >= b / 10) & (p < (b + 1) / 10)) for b in range(10)]
    return ' '.join(f'{lo:.1f}:{y[m].mean():.2f}(n={m.sum()})' for lo, m in bins if m.sum())


def main(work):
    Xg, yg = load(work, 'gwn')
    Xl, yl = load(work, 'lgl')
    print('trained on GeoWebNews, bins on LGL:', reliability(fit(Xg, yg), Xl, yl))
    print('trained on LGL, bins on GeoWebNews:', reliability(fit(Xl, yl), Xg, yg))
    for name, w in zip(NAMES, fit(np.r_[Xg, Xl], np.r_[yg, yl])):
        print(f'const {name}: f64 = {w:.2f};')


if __name__ == '__main__':
    main(sys.argv[1])
