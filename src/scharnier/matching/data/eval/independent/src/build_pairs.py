import json, random
from lib import BY, META, ov, covered
from common import current
random.seed(12)
TGN={'starter':'starters','gevestigd5':'bedrijven van minstens 5 jaar oud','overnemer':'kopers en overnemers van een bedrijf','startup':'innovatieve startups','gevestigd':'bestaande bedrijven'}
ks = sorted(BY)
LAB = {'subsidie':'subsidie','voucher':'voucher','lening':'lening','garantie':'garantie','fiscaal':'fiscale regeling','informatie':'informatie','advies':'advies','begeleiding':'begeleiding','community':'netwerk','evenement':'evenement','training':'training','scan':'scan'}
def area_rel(a, b):
    ca, cb = covered(BY[a]), covered(BY[b])
    if ca == cb: return 'zelfde gebied'
    if ca <= cb or cb <= ca: return 'het ene gebied ligt binnen het andere'
    return 'gebieden overlappen deels'
true, k1, k2, k3, k4 = [], [], [], [], []
DISJOINT_TG = {frozenset(x) for x in [('starter','gevestigd5'),('starter','gevestigd'),('startup','gevestigd5'),('overnemer','gevestigd5')]}
DIFF_SVC = {frozenset(x) for x in [('energiescan','eia'),('energiescan','energie-subsidie'),('opvolging-check','overname-financiering'),('digi-check','cyber-training'),('export-voucher','grens-advies'),('mit-haalbaarheid','innovatie-advies'),('werving-advies','scholing-advies'),('starters-advies','startersaftrek'),('netcongestie-advies','energiehub'),('zwaarweer-advies','belasting-betalingsregeling'),('financierings-advies','regionaal-groeifonds'),('digi-check','digi-voucher'),('starters-coaching','microkrediet'),('export-om-begeleiding','export-financiering-om'),('opvolging-traject','overname-platform'),('zwaarweer-advies','bbz-zwaarweer'),('online-zichtbaar-training','ecommerce-training'),('innovatie-advies','regionaal-innovatiefonds'),('groei-coaching','starters-coaching'),('startup-lening','regionaal-groeifonds')]}
for i, a in enumerate(ks):
    for b in ks[i+1:]:
        A, B, ma, mb = BY[a], BY[b], META[a], META[b]
        ok, why = ov(a, b)
        inter = bool(covered(A) & covered(B))
        if ok:
            w = 'Zelfde dienst voor dezelfde doelgroep, beide nu geldig; ' + area_rel(a, b)
            if A['soort'] != B['soort']:
                w += '; alleen anders gecodeerd (%s / %s)' % (LAB[A['soort']], LAB[B['soort']])
            true.append((a, b, True, w + '.'))
        elif ma['svc'] == mb['svc'] and ma['tg'] == mb['tg']:
            if not (current(A) and current(B)) and inter:
                x = a if not current(A) else b
                st = 'verlopen' if (BY[x].get('geldig_tot') or '9') < '2026-11-30' else 'nog niet gestart'
                k2.append((a, b, False, 'Zelfde soort hulp en gebied, maar %s is %s; niet in dezelfde periode geldig.' % (BY[x]['titel'], st)))
            elif current(A) and current(B) and not inter:
                k1.append((a, b, False, 'Zelfde dienst, maar de gebieden raken elkaar niet (%s / %s).' % (A['gebied'], B['gebied'])))
            elif current(A) and current(B) and inter and why in ('andere bedrijfsgrootte', 'andere sector'):
                k3.append((a, b, False, 'Zelfde dienst en gebied, maar %s: de doelgroepen sluiten elkaar uit.' % why))
        elif ma['svc'] == mb['svc'] and frozenset((ma['tg'], mb['tg'])) in DISJOINT_TG and current(A) and current(B) and inter:
            k3.append((a, b, False, 'Lijkt op elkaar, maar andere doelgroep (%s tegenover %s).' % (TGN[ma['tg']], TGN[mb['tg']])))
        elif frozenset((ma['svc'], mb['svc'])) in DIFF_SVC and current(A) and current(B) and inter:
            if frozenset((ma['tg'], mb['tg'])) in DISJOINT_TG:
                k3.append((a, b, False, 'Zelfde thema en gebied, maar andere doelgroep (%s tegenover %s) en ander soort hulp.' % (TGN[ma['tg']], TGN[mb['tg']])))
            else:
                k4.append((a, b, False, 'Zelfde thema en gebied, maar een ander soort hulp (%s tegenover %s).' % (A['titel'], B['titel'])))
print(len(true), len(k1), len(k2), len(k3), len(k4))
sel = true + random.sample(k1, min(40, len(k1))) + k2 + k3 + random.sample(k4, min(35, len(k4)))
random.shuffle(sel)
out = [{'a': a, 'b': b, 'overlap': o, 'why': w} for a, b, o, w in sel]
json.dump(out, open('../pairs.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print(len(out), sum(p['overlap'] for p in out) / len(out))
