#!/usr/bin/env python3
"""Writes realwide.tsv and fixtures.tsv: for each document, the strings region.Locate is given in
the tests (its department name as budgetx reads it, its cover lines and a few table titles), so that
the tests need neither pdftotext nor a budgetx run. Regenerate from the repository root with:

    go build -o /tmp/bx ./cmd/budgetx && /tmp/bx extract --out /tmp/rw ../shared/real-wide/
    python3 internal/region/testdata/make.py /tmp/rw

Columns: name, truth (the MANIFEST's city for real-wide; empty for fixtures, whose truth is in the
test), department name, then the texts, one a column (tabs and runs of spaces made one space).
"""
import collections, glob, json, os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.normpath(os.path.join(here, '..', '..', '..'))
rwdir = os.path.join(repo, '..', 'shared', 'real-wide')


def clean(s):
    return re.sub(r'\s+', ' ', s).strip()


def cover(path, n=8):
    """The first n lines with text of the first two pages."""
    if not path.endswith('.pdf') and not path.endswith('.txt'):
        return []
    if path.endswith('.pdf'):
        out = subprocess.run(['pdftotext', '-layout', '-f', '1', '-l', '2', path, '-'],
                             capture_output=True, text=True).stdout
    else:
        out = open(path, encoding='utf-8').read()
    lines = [clean(l) for l in out.splitlines()]
    return [l for l in lines if l][:n]


def titles(recs, n=5):
    c = collections.Counter()
    for o in recs:
        t = o.get('table_title')
        if t:
            c[clean(t)] += 1
    return [t for t, _ in c.most_common(n)]


def row(name, truth, dep, texts):
    return '\t'.join([name, truth, clean(dep or '')] + [t for t in texts if t]) + '\n'


def realwide(out):
    manifest = {}
    with open(os.path.join(rwdir, 'MANIFEST.tsv'), encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        for l in f:
            r = dict(zip(head, l.rstrip('\n').split('\t')))
            manifest[r['file']] = r
    docs, recs = {}, collections.defaultdict(list)
    for l in open(os.path.join(out, 'documents.jsonl'), encoding='utf-8'):
        o = json.loads(l)
        docs[o['doc_id']] = o
    for f in glob.glob(os.path.join(out, '*.jsonl')):
        if os.path.basename(f) in ('documents.jsonl', 'issues.jsonl'):
            continue
        for l in open(f, encoding='utf-8'):
            o = json.loads(l)
            recs[o['doc_id']].append(o)
    rows = []
    for d, o in docs.items():
        base = os.path.basename(o['source_file'])
        m = manifest[base]
        rows.append(row(base, m['city'], o.get('department_name'),
                        cover(os.path.join(rwdir, base)) + titles(recs[d])))
    rows.sort()
    with open(os.path.join(here, 'realwide.tsv'), 'w', encoding='utf-8') as f:
        f.write('# made by make.py from a budgetx run on ../shared/real-wide: file, manifest city, department, texts\n')
        f.writelines(rows)


def fixtures():
    rows = []
    for d in sorted(glob.glob(os.path.join(repo, 'fixtures', 'golden', '*'))):
        recs = []
        for f in glob.glob(os.path.join(d, '*.jsonl')):
            if os.path.basename(f) not in ('documents.jsonl', 'issues.jsonl'):
                recs += [json.loads(l) for l in open(f, encoding='utf-8')]
        doc = json.loads(open(os.path.join(d, 'documents.jsonl'), encoding='utf-8').readline())
        src = os.path.join(repo, doc['source_file'])
        rows.append(row(os.path.basename(d), '', doc.get('department_name'), cover(src) + titles(recs)))
    with open(os.path.join(here, 'fixtures.tsv'), 'w', encoding='utf-8') as f:
        f.write('# made by make.py from fixtures/golden and the fixtures themselves: golden, -, department, texts\n')
        f.writelines(rows)


if __name__ == '__main__':
    realwide(sys.argv[1])
    fixtures()
