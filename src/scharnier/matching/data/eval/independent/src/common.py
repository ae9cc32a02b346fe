"""Shared helpers for the blind Scharnier evaluation set (issue 12)."""
import csv, json
GEO = '/work/shared/data/geography/gemeenten_2023_2026.csv'
ROWS = list(csv.DictReader(open(GEO, encoding='utf-8')))
GM2PV = {r['gm_code']: r['pv_code'] for r in ROWS}
AM = {}
for r in ROWS:
    AM.setdefault(r['am_code'], []).append(r['gm_code'])
ALLGM = set(GM2PV)
REFDATE = '2026-11-30'

def area_fields(area):
    """area: 'NL' | 'PV25|PV23' | 'AM05' (labour-market region -> gemeente list) | 'GM0153|GM0164' | mixed AM/GM."""
    if area == 'NL':
        return {'gebied': 'nationaal'}
    parts = area.split('|')
    if all(p.startswith('PV') for p in parts):
        return {'gebied': 'provincie', 'provincies': parts}
    gms = []
    for p in parts:
        if p.startswith('AM'):
            gms += AM[p]
        else:
            assert p in ALLGM, p
            gms.append(p)
    return {'gebied': 'gemeente', 'gemeenten': sorted(set(gms))}

def covered(offer):
    g = offer['gebied']
    if g == 'nationaal':
        return set(ALLGM)
    if g == 'provincie':
        return {gm for gm, pv in GM2PV.items() if pv in offer['provincies']}
    return set(offer['gemeenten'])

SIZES = {'micro': (0, 9), 'klein': (10, 49), 'middel': (50, 249), 'groot': (250, 10**9)}

def current(o, d=REFDATE):
    return (not o.get('geldig_vanaf') or o['geldig_vanaf'] <= d) and (not o.get('geldig_tot') or o['geldig_tot'] >= d)

def eligible(o, prof):
    if prof.get('municipality') and prof['municipality'] not in covered(o):
        return False
    e = prof.get('employees')
    if e is not None:
        if o.get('grootteklassen') and not any(SIZES[s][0] <= e <= SIZES[s][1] for s in o['grootteklassen']):
            return False
        if o.get('min_medewerkers') is not None and e < o['min_medewerkers']:
            return False
        if o.get('max_medewerkers') is not None and e > o['max_medewerkers']:
            return False
    s = prof.get('sector')
    if s and o.get('sectoren') and s not in o['sectoren']:
        return False
    a = prof.get('companyAgeYears')
    if a is not None and o.get('min_bedrijfsleeftijd') is not None and a < o['min_bedrijfsleeftijd']:
        return False
    return current(o)

META = {}   # key -> {'svc':..., 'tg':...}  (private judgement labels, not exported in the catalog)

def mk(p, k, soort, themas, fasen, area, titel, sam, besch='', svc='', tg='mkb', **kw):
    o = {'kenmerk': k, 'aanbieder': p, 'titel': titel, 'samenvatting': sam}
    if besch:
        o['beschrijving'] = besch
    o['soort'] = soort
    o['themas'] = themas.split('|')
    o['fasen'] = fasen.split('|')
    o.update(area_fields(area))
    m = {'richting': 'ontwikkelrichtingen', 'size': 'grootteklassen', 'sect': 'sectoren'}
    for a, b in m.items():
        if a in kw:
            o[b] = kw.pop(a).split('|')
    ren = {'minm': 'min_medewerkers', 'maxm': 'max_medewerkers', 'age': 'min_bedrijfsleeftijd',
           'van': 'geldig_vanaf', 'tot': 'geldig_tot', 'kt': 'kosten_toelichting'}
    for a, b in ren.items():
        if a in kw:
            o[b] = kw.pop(a)
    if 'kanalen' in kw:
        o['kanalen'] = kw.pop('kanalen').split('|')
    if 'structureel' in kw:
        o['structureel'] = 'ja' if kw.pop('structureel') else 'nee'
    o.update(kw)
    o.setdefault('url', 'https://www.example.org/%s/%s' % (p, k.lower()))
    o.setdefault('bron', 'Eigen opgave aanbieder, 2026 (fictief, evaluatieset)')
    o.setdefault('laatst_gecontroleerd', '2026-10-01')
    META[p + '/' + k] = {'svc': svc, 'tg': tg}
    return o

def dump(name, offers):
    json.dump(offers, open(name, 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
    json.dump({p + '/' + k: v for (p, k), v in [((x['aanbieder'], x['kenmerk']), META[x['aanbieder'] + '/' + x['kenmerk']]) for x in offers]},
              open(name.replace('.json', '_meta.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
