"""Writes GeoWebNews and LGL as JSONL articles plus gold spans into a work folder (outside the
repository: the corpora are GPL and stay in ../shared).

    python3 tools/fit/prepare.py ../shared/data/eval /tmp/geocite-fit
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

GWN_GOLD = {'Literal', 'Mixed', 'Metonymic', 'Literal_Modifier', 'Non_Literal_Modifier',
            'Embedded_Literal', 'Embedded_Non_Lit', 'Coercion'}


def gwn(path):
    for a in ET.parse(path).getroot().findall('article'):
        gold = []
        for t in a.find('toponyms').findall('toponym'):
            if t.findtext('type') not in GWN_GOLD:
                continue
            lat, lon = t.findtext('latitude'), t.findtext('longitude')
            gold.append({'s': int(t.findtext('start')), 'e': int(t.findtext('end')),
                         'lat': float(lat) if lat else None, 'lon': float(lon) if lon else None})
        yield a.get('file'), a.findtext('text'), gold


def lgl(path):
    for a in ET.parse(path).getroot().findall('article'):
        text = a.findtext('text')
        gold = []
        for t in a.find('toponyms').findall('toponym'):
            s, e, phrase = int(t.findtext('start')), int(t.findtext('end')), t.findtext('phrase')
            if text[s:e] != phrase:  # a few offsets drift: re-anchor on the phrase nearby
                k = text.find(phrase, max(0, s - 20))
                if k >= 0 and abs(k - s) < 40:
                    s, e = k, k + len(phrase)
            g = t.find('gaztag')
            gold.append({'s': s, 'e': e, 'lat': float(g.findtext('lat')) if g is not None else None,
                         'lon': float(g.findtext('lon')) if g is not None else None})
        yield a.get('docid'), text, gold


def main(eval_dir, out_dir):
    eval_dir, out_dir = Path(eval_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, docs in [('gwn', gwn(eval_dir / 'geowebnews/GWN.xml')), ('lgl', lgl(eval_dir / 'lgl/lgl.xml'))]:
        golds = []
        with open(out_dir / f'{name}.jsonl', 'w') as f:
            for doc_id, text, gold in docs:
                f.write(json.dumps({'id': doc_id, 'text': text}) + '\n')
                golds.append({'id': doc_id, 'gold': gold})
        json.dump(golds, open(out_dir / f'{name}.gold.json', 'w'))


if __name__ == '__main__':
    main(*sys.argv[1:3])
