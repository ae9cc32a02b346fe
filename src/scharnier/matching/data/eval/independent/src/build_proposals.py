import json
import common
from common import mk, covered, SIZES
from lib import BY, META
P = []
def prop(*x, **k):
    k.setdefault('van', '2026-12-01')
    o = mk(*x, **k); P.append(o)
# ---- genuinely new (no duplicate in the catalog) ----
prop('impuls-zeeland','P1','advies','verduurzaming','weten|willen','PV29','Energie-audit Zeeuwse middelgrote bedrijven','Uitgebreide energie-audit voor Zeeuwse bedrijven met 50 tot 250 medewerkers, met een investeringsplan.', svc='energiescan', tg='mkb', size='middel', kosten=0)
prop('gemeente-den-haag','P2','begeleiding','strategie|marketing','willen|kunnen','GM0518','Haagse startersbuddy','Een jaar lang een ervaren ondernemer als maatje voor wie net in Den Haag een bedrijf is begonnen.', svc='starters-coaching', tg='starter', kosten=0)
prop('provincie-gelderland','P3','training','arbeidsmarkt|strategie','kunnen','PV25','Leiderschap in middelgrote Gelderse bedrijven','Programma voor directie en leidinggevenden van bedrijven met 50 tot 250 medewerkers.', svc='leiderschap-training', tg='mkb', size='middel', kosten=1500)
prop('bom','P4','begeleiding','strategie|financiering','kunnen','PV30','Scale-up Academy Brabant','Jaarprogramma voor Brabantse groeibedrijven vanaf tien medewerkers: team, strategie en kapitaal.', svc='scaleup-programma', tg='scaleup', minm=10, kosten=2000)
prop('provincie-limburg','P5','advies','netcongestie','weten|willen','PV31','Limburgs stroomloket','Advies voor Limburgse bedrijven die niet meer stroom krijgen van de netbeheerder.', svc='netcongestie-advies', tg='mkb', kosten=0)
prop('provincie-zeeland','P6','voucher','internationalisering','kunnen','PV29','Zeeuwse exportvoucher','Tot 5.000 euro voor een eerste stap op een buitenlandse markt: beurs, vertaling of marktonderzoek.', svc='export-voucher', tg='exporteur', size='micro|klein|middel', tot='2027-12-31', structureel=False)
prop('provincie-noord-brabant','P7','voucher','circulair','willen|kunnen','PV30','Circulair Brabant voucher','Voucher tot 10.000 euro voor advies over een circulair product of verdienmodel.', svc='circulair-voucher', tg='mkb', size='micro|klein|middel', tot='2027-12-31', structureel=False)
prop('provincie-limburg','P8','voucher','digitalisering','kunnen','PV31','Digitaliseringsvoucher Limburg','Bijdrage van 50% tot 5.000 euro in een digitaliseringsproject met een externe expert.', svc='digi-voucher', tg='mkb', size='micro|klein|middel', tot='2027-12-31', structureel=False)
prop('provincie-utrecht','P9','scan','digitalisering','weten|willen','PV26','Cybercheck Utrechts mkb','Een ethisch hacker test uw systemen en bespreekt de resultaten.', svc='cyber-check', tg='mkb', size='micro|klein', kosten=0)
prop('impuls-zeeland','P10','advies','financiering','weten|willen','PV29','Zeeuws financieringsspreekuur','Sparren met een financieringsexpert over lenen, investeerders of subsidie.', svc='financierings-advies', tg='mkb', kosten=0)
prop('lim','P11','begeleiding','bedrijfsopvolging','willen|kunnen','PV31','Overdrachtstraject Limburg','Begeleiding van verkoper en opvolger bij de overdracht van een Limburgs bedrijf dat minstens vijf jaar bestaat.', svc='opvolging-traject', tg='gevestigd5', age=5, kosten=500)
prop('nom','P12','advies','innovatie','weten|willen','PV20|PV21|PV22','Innovatiecoach Noord','Gratis adviseur voor noordelijke ondernemers met een innovatief plan.', svc='innovatie-advies', tg='innovator', kosten=0)
prop('wsp-zuid-limburg','P13','advies','arbeidsmarkt','willen|kunnen','AM30','Werkgeversservicepunt Zuid-Limburg','Hulp bij vacatures, kandidaten uit de regio en loonkostensubsidie.', svc='werving-advies', tg='werkgever', kosten=0)
prop('ondernemershuis-achterhoek','P14','begeleiding','strategie','willen|kunnen','AM09','Doorgroeien in de Achterhoek','Coachingstraject voor Achterhoekse bedrijven die minstens vijf jaar bestaan en willen doorgroeien.', svc='groei-coaching', tg='gevestigd5', age=5, kosten=300)
prop('duurzaam-ondernemen-utrecht','P15','advies','verduurzaming','weten|willen','PV26','Energieregisseur voor grotere Utrechtse bedrijven','Energiebesparingsplan voor bedrijven met 50 tot 250 medewerkers.', svc='energiescan', tg='mkb', size='middel', kosten=0)
prop('gemeente-rotterdam','P16','lening','financiering','kunnen','GM0599','Starten vanuit de bijstand Rotterdam','Voorbereidingsjaar, inkomen en starterslening voor Rotterdammers met een bijstandsuitkering die ondernemer willen worden.', svc='bbz-starter', tg='uitkering', size='micro', kosten=0)
# ---- duplicates ----
prop('gemeente-breda','D1','advies','strategie|regelgeving','weten|willen','GM0758','Startersloket Breda','Gratis gesprek voor Bredanaars die een eigen bedrijf willen beginnen.', svc='starters-advies', tg='starter', kosten=0)
prop('provincie-noord-brabant','D2','advies','verduurzaming','weten|willen','PV30','Brabantse energiecoach voor kleine bedrijven','Een energiecoach bezoekt uw bedrijf en stelt een besparingsplan op.', svc='energiescan', tg='mkb', size='micro|klein', kosten=0)
prop('provincie-overijssel','D3','advies','zwaar-weer','willen|kunnen','PV23','Overijssels steunpunt ondernemers in nood','Vertrouwelijke hulp bij betalingsproblemen en schulden.', svc='zwaarweer-advies', tg='mkb', kosten=0)
prop('oost-nl','D4','scan','bedrijfsopvolging','weten|willen','PV23|PV25','Overdrachtsgereedheidsscan Oost','Scan plus gesprek: hoe klaar is uw bedrijf voor een opvolger? Voor bedrijven van minstens vijf jaar oud.', svc='opvolging-check', tg='gevestigd5', age=5, kosten=0)
prop('provincie-gelderland','D5','advies','netcongestie','weten|willen','PV25','Gelders netcongestieloket','Advies voor Gelderse bedrijven die op een zwaardere aansluiting wachten.', svc='netcongestie-advies', tg='mkb', kosten=0)
prop('gemeente-groningen','D6','advies','digitalisering','weten|willen','GM0014','Digitaal Vooruit Stad','Adviesgesprek over slim digitaliseren voor kleine Groningse bedrijven.', svc='digi-check', tg='mkb', size='micro|klein', kosten=0)
prop('gemeente-amsterdam','D7','advies','arbeidsmarkt','willen|kunnen','GM0363','Amsterdamse werkgeversdienst','Wij helpen u personeel te vinden uit de stad, inclusief proefplaatsing.', svc='werving-advies', tg='werkgever', kosten=0)
prop('ondernemershuis-flevoland','D8','begeleiding','strategie','willen|kunnen','GM0034','Starterscoach Almere','Coaching in het eerste jaar voor Almeerse starters.', svc='starters-coaching', tg='starter', kosten=0)
prop('gemeente-rotterdam','D9','advies','regelgeving','weten','GM0599','Rotterdams juridisch ondernemersspreekuur','Gratis vragen stellen aan een jurist over contracten en conflicten.', svc='juridisch-advies', tg='mkb', kosten=0)
prop('stichting-ondernemersgeld','D10','lening','financiering','kunnen','NL','Doorgroeilening','Lening tot 150.000 euro voor kleine bedrijven die minstens twee jaar bestaan en willen uitbreiden.', svc='groeikrediet', tg='gevestigd', size='micro|klein', age=2)
prop('ondernemershuis-twente','D11','training','marketing','kunnen','AM05','Socials voor Twentse ondernemers','Workshopreeks: klanten vinden via Instagram en LinkedIn.', svc='online-zichtbaar-training', tg='mkb', kosten=0)
prop('gemeente-utrecht','D12','training','financiering|zwaar-weer','kunnen','GM0344','Cashflowcursus Utrecht','Drie avonden: liquiditeit plannen en voorkomen dat u krap komt te zitten.', svc='cashflow-training', tg='mkb', kosten=0)
prop('gemeente-rotterdam','D13','lening','financiering','kunnen','GM0599','Microkrediet Rotterdam-Zuid','Kleine lening voor ondernemers op Zuid die bij de bank niet terechtkunnen.', svc='microkrediet', tg='mkb-klein', size='micro')
prop('gemeente-enschede','D14','training','regelgeving|digitalisering','kunnen','GM0153','AVG-cursus Enschede','Cursus privacyregels voor ondernemers.', svc='avg-training', tg='mkb', kosten=0)
prop('provincie-gelderland','D15','voucher','internationalisering','kunnen','PV25','Gelderse exportvoucher 2027','Bijdrage in kosten voor beurzen en marktonderzoek in het buitenland.', svc='export-voucher', tg='exporteur', size='micro|klein|middel', van='2026-12-01', tot='2027-12-31', structureel=False)
prop('provincie-zuid-holland','D16','advies','innovatie','weten|willen','PV28','Innovatiesparring Zuid-Holland','Sparren met een expert over uw innovatie en passende financiering.', svc='innovatie-advies', tg='innovator', kosten=0)
prop('gemeente-utrecht','D17','begeleiding','strategie|financiering','kunnen','PV26','Groeiversneller Utrecht','Programma voor snelgroeiende bedrijven vanaf tien medewerkers.', svc='scaleup-programma', tg='scaleup', minm=10, kosten=0)
prop('gemeente-enschede','D18','begeleiding','strategie','willen|kunnen','GM0153','Verder groeien in Enschede','Coaching voor Enschedese bedrijven die minstens vijf jaar bestaan.', svc='groei-coaching', tg='gevestigd5', age=5, kosten=0)
prop('provincie-gelderland','D19','advies','zwaar-weer','willen|kunnen','PV25','Boerenhulplijn Gelderland','Vertrouwelijke hulp voor agrariërs in financiële problemen.', svc='agri-zwaarweer', tg='agri', sect='a', kosten=0)
prop('kvk','D20','informatie','netcongestie','weten','NL','Netcongestie: uw opties op een rij','Online uitleg over alternatieven als het stroomnet vol is.', svc='netcongestie-info', tg='mkb', kosten=0)
def sizes(o): return set(o.get('grootteklassen') or SIZES)
def period_ok(p, o):
    pv, pt = p.get('geldig_vanaf') or '0000', p.get('geldig_tot') or '9999'
    ov_, ot = o.get('geldig_vanaf') or '0000', o.get('geldig_tot') or '9999'
    return pv <= ot and ov_ <= pt
out = []
for p in P:
    key = p['aanbieder'] + '/' + p['kenmerk']; m = common.META[key]
    dups = []
    for k, o in BY.items():
        mo = META[k]
        if mo['svc'] == m['svc'] and mo['tg'] == m['tg'] and period_ok(p, o) and covered(p) & covered(o) and sizes(p) & sizes(o) \
           and (not p.get('sectoren') or not o.get('sectoren') or set(p['sectoren']) & set(o['sectoren'])):
            dups.append(k)
    q = {x: y for x, y in p.items() if x not in ('kenmerk', 'bron', 'laatst_gecontroleerd')}
    q['voorstel'] = 'p' + p['kenmerk']
    q['duplicates'] = sorted(dups)
    out.append(q)
json.dump(out, open('../proposals.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
for q in out: print(q['voorstel'], q['titel'][:40], q['duplicates'])
print(len(out), 'new:', sum(1 for q in out if not q['duplicates']))
