import json, re, datetime, csv
V = json.load(open('/work/main/src/scharnier/catalog/data/vocabularies.json'))
codes = {k: {x['code'] for x in v} for k, v in V.items()}
GM = {r['gm_code'] for r in csv.DictReader(open('/work/shared/data/geography/gemeenten_2023_2026.csv'))}
PV = {r['code'] for r in csv.DictReader(open('/work/shared/data/geography/provincies.csv'))}
COLS = ['id','kenmerk','titel','samenvatting','beschrijving','aanbieder','soort','themas','fasen','ontwikkelrichtingen','grootteklassen','min_medewerkers','max_medewerkers','sectoren','min_bedrijfsleeftijd','gebied','provincies','regios','gemeenten','kosten','kosten_toelichting','kanalen','geldig_vanaf','geldig_tot','structureel','budget','impact_gemeten','impact_toelichting','url','email','telefoon','bron','laatst_gecontroleerd']
MULTI = {'themas':'theme','fasen':'journey_phase','ontwikkelrichtingen':'direction','grootteklassen':'size_class','sectoren':'sbi_section','kanalen':'channel'}
err = []
def check_offer(o, where, need_kenmerk=True):
    for k in o:
        if k not in COLS and k not in ('duplicates', 'voorstel'): err.append((where, 'unknown column', k))
    for k in (['kenmerk'] if need_kenmerk else []) + ['titel','samenvatting','aanbieder','soort','themas','fasen']:
        if not o.get(k): err.append((where, 'missing', k))
    if len(o['titel']) > 200 or len(o['samenvatting']) > 400: err.append((where, 'too long'))
    if o['soort'] not in codes['offer_type']: err.append((where, 'soort', o['soort']))
    for k, voc in MULTI.items():
        for c in o.get(k, []) or []:
            if c not in codes[voc]: err.append((where, k, c))
    if o.get('gebied') not in ('nationaal','provincie','regio','gemeente'): err.append((where,'gebied'))
    for c in o.get('provincies', []): 
        if c not in PV: err.append((where,'pv',c))
    for c in o.get('gemeenten', []):
        if c not in GM: err.append((where,'gm',c))
    if o['gebied'] == 'provincie' and not o.get('provincies'): err.append((where,'no pv'))
    if o['gebied'] == 'gemeente' and not o.get('gemeenten'): err.append((where,'no gm'))
    for k in ('geldig_vanaf','geldig_tot','laatst_gecontroleerd'):
        if o.get(k): datetime.date.fromisoformat(o[k])
    if o.get('geldig_vanaf') and o.get('geldig_tot') and o['geldig_vanaf'] > o['geldig_tot']: err.append((where,'dates'))
    for k, v in o.items():
        if isinstance(v, str) and re.search(r'<[a-zA-Z/]', v): err.append((where,'html',k))
        if isinstance(v, str) and v[:1] in '=@': err.append((where,'formula',k))
    if not str(o.get('url','https://')).startswith('https://'): err.append((where,'url'))
cat = json.load(open('../catalog.json'))
keys = set()
for i, o in enumerate(cat):
    check_offer(o, 'catalog#%d' % i)
    k = o['aanbieder'] + '/' + o['kenmerk']
    if k in keys: err.append(('dup key', k))
    keys.add(k)
orgs = {x['slug'] for x in json.load(open('../organisations.json'))}
for o in cat:
    if o['aanbieder'] not in orgs: err.append(('org missing', o['aanbieder']))
qs = json.load(open('../questions.json'))
assert len({q['id'] for q in qs}) == len(qs)
for q in qs:
    for k, g in q['relevant'].items():
        if k not in keys or g not in (1, 2, 3): err.append((q['id'], k, g))
    p = q['profile']
    if p['municipality'] and p['municipality'] not in GM: err.append((q['id'], 'gm'))
    if p['sector'] and p['sector'] not in codes['sbi_section']: err.append((q['id'], 'sector'))
pairs = json.load(open('../pairs.json')); seen = set()
for p in pairs:
    if p['a'] not in keys or p['b'] not in keys or p['a'] == p['b']: err.append(('pair', p))
    s = frozenset((p['a'], p['b']))
    if s in seen: err.append(('dup pair', p))
    seen.add(s)
props = json.load(open('../proposals.json'))
for i, p in enumerate(props):
    check_offer(p, 'proposal#%d' % i, need_kenmerk=False)
    for k in p['duplicates']:
        if k not in keys: err.append(('prop dup', k))
    if p['aanbieder'] not in orgs: err.append(('org missing', p['aanbieder']))
print('errors:', err[:20], len(err))
print('catalog', len(cat), 'questions', len(qs), 'pairs', len(pairs), 'true', sum(p['overlap'] for p in pairs), 'proposals', len(props), 'new', sum(1 for p in props if not p['duplicates']))
