import json
from common import covered, current, SIZES
CAT = json.load(open('../catalog.json'))
META = json.load(open('meta.json'))
BY = {o['aanbieder'] + '/' + o['kenmerk']: o for o in CAT}
def sizes(o):
    s = set(o.get('grootteklassen') or SIZES)
    return s
def ov(ka, kb):
    a, b = BY[ka], BY[kb]; ma, mb = META[ka], META[kb]
    if not (ma['svc'] and ma['svc'] == mb['svc']): return False, 'ander soort dienst'
    if not (current(a) and current(b)):
        return False, 'een van beide is verlopen of nog niet gestart'
    if not covered(a) & covered(b): return False, 'gebieden raken elkaar niet'
    if ma['tg'] != mb['tg']: return False, 'andere doelgroep'
    if not sizes(a) & sizes(b): return False, 'andere bedrijfsgrootte'
    if a.get('sectoren') and b.get('sectoren') and not set(a['sectoren']) & set(b['sectoren']): return False, 'andere sector'
    return True, 'zelfde dienst, doelgroep en periode, gebieden overlappen'
