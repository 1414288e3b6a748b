#!/usr/bin/python3
"""article.md -> a Typst document set like paiban's a4 proof: A4, 15 mm
margins, 4 columns with 4 mm gutters, Noto Serif CJK 9.5 pt on 15 pt,
justified, 2 em first-line indent, headline in Noto Sans CJK bold."""
import re, sys, yaml

def lit(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def plain(s):
    s = re.sub(r'\*\*(.+?)\*\*', r'\1', s)
    s = re.sub(r'(?<!\*)\*(?!\*)(.+?)\*', r'\1', s)
    return s

src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding='utf-8').read()
_, fm, body = text.split('---', 2)
fm = yaml.safe_load(fm)
lang = fm.get('lang', 'zh-Hans')
font = {'zh-Hans': 'Noto Serif CJK SC', 'zh-Hant': 'Noto Serif CJK TC', 'ja': 'Noto Serif CJK JP'}.get(lang, 'Noto Serif CJK SC')
sans = font.replace('Serif', 'Sans')
tl, region = {'zh-Hans': ('zh', 'cn'), 'zh-Hant': ('zh', 'tw'), 'ja': ('ja', None)}.get(lang, ('zh', 'cn'))
o = []
o.append('#set page(paper: "a4", margin: 15mm)')
o.append('#set text(font: (%s, %s), size: 9.5pt, lang: "%s"%s)' % (lit('Noto Serif'), lit(font), tl,
         ', region: "%s"' % region if region else ''))
o.append('#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 5.5pt, spacing: 5.5pt)')
if fm.get('kicker'):
    o.append('#text(font: %s, size: 10pt)[#%s]\n' % (lit(sans), lit(fm['kicker'])))
o.append('#block(text(font: %s, size: 24pt, weight: "bold")[#%s])' % (lit(sans), lit(fm['headline'])))
for d in fm.get('deck') or []:
    o.append('#block(text(font: %s, size: 12pt)[#%s])' % (lit(sans), lit(d)))
o.append('#show: columns.with(4, gutter: 4mm)')
if fm.get('byline'):
    o.append('#block(text(font: %s, size: 8.5pt)[#%s])' % (lit(sans), lit(fm['byline'])))
first = True
for para in re.split(r'\n\s*\n', body.strip()):
    para = ' '.join(l.strip() for l in para.split('\n'))
    if not para:
        continue
    if para.startswith('## '):
        o.append('#block(text(font: %s, weight: "bold", size: 10pt)[#%s])' % (lit(sans), lit(plain(para[3:]))))
        continue
    if para.startswith('!['):
        continue
    if first and fm.get('dateline'):
        para = fm['dateline'] + ' ' + para
    first = False
    o.append('#%s\n' % lit(plain(para)))
open(out, 'w', encoding='utf-8').write('\n\n'.join(o) + '\n')
