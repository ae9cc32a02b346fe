from common import *
O = []
a = O.append
A = lambda *x, **k: a(mk(*x, **k))
# digital check copies
A('gemeente-utrecht','UTR-DIGI','scan','digitalisering','weten|willen','GM0344','Digitaal Vooruit Utrecht',
  'Gratis digitaliseringsscan met een adviseur voor kleine Utrechtse bedrijven, inclusief een stappenplan.', svc='digi-check', tg='mkb', size='micro|klein', kosten=0)
A('mkb-werkplaats-twente','DW-TW','advies','digitalisering','weten|willen','AM05','Digitale Werkplaats Twente',
  'Studenten helpen u een half jaar met website, webshop, automatisering of data.', svc='digi-check', tg='mkb', size='micro|klein', kosten=0)
A('mkb-werkplaats-brabant','DW-NB','advies','digitalisering','weten|willen','PV30','Digihulp Brabant',
  'Praktisch advies over software, online verkopen en slimmer werken, door een digicoach.', svc='digi-check', tg='mkb', size='micro|klein', kosten=0)
A('impuls-zeeland','IZ-DIGI','scan','digitalisering','weten','PV29','Digitaliseringsscan Zeeland',
  'Scan van uw digitale processen met advies. Pilot afgerond in 2025.', svc='digi-check', tg='mkb', size='micro|klein', kosten=0, van='2024-06-01', tot='2025-06-30', structureel=False)
A('digitaal-sterk-rotterdam','DSR-DIGI','advies','digitalisering','weten|willen','AM22','Digitaal Sterk Rotterdam: adviestraject',
  'Vanaf 2027: een digicoach voor ondernemers in de regio Rotterdam.', svc='digi-check', tg='mkb', size='micro|klein', kosten=0, van='2027-01-01')
A('provincie-zuid-holland','ZH-CYBER','scan','digitalisering','weten|willen','PV28','Cyberscan Zuid-Holland',
  'Kwetsbaarhedenscan van uw systemen met een gesprek over de uitslag, voor mkb in Zuid-Holland.', svc='cyber-check', tg='mkb', size='micro|klein', kosten=0)
# energy scan copies
A('gemeente-tilburg','TLB-ENERGIE','advies','verduurzaming','weten|willen','GM0855','Energiecoach Tilburgse bedrijven',
  'Een energiecoach bezoekt uw bedrijf en maakt een besparingsplan, kosteloos.', svc='energiescan', tg='mkb', size='micro|klein', kosten=0)
A('ondernemershuis-twente','OHT-ENERGIE','scan','verduurzaming','weten','AM05','Twentse Energiescan',
  'Scan van uw energieverbruik door een adviseur, met subsidiemogelijkheden erbij.', svc='energiescan', tg='mkb', size='micro|klein', kosten=0)
A('provincie-groningen','GRN-ENERGIE','advies','verduurzaming','weten|willen','PV20','Energieloket Groninger ondernemers',
  'Advies op locatie over verduurzaming van uw bedrijfspand en productie.', svc='energiescan', tg='mkb', size='micro|klein', kosten=0)
A('gemeente-rotterdam','R-ENERGIE','scan','verduurzaming','weten','GM0599','Rotterdamse verduurzamingsscan',
  'Gratis scan van uw pand: wat levert isoleren, led en zonnepanelen u op?', svc='energiescan', tg='mkb', size='micro|klein', kosten=0)
A('gemeente-amsterdam','ASD-ENERGIECOACH','advies','verduurzaming','weten|willen','GM0363','Energiecoach Amsterdam voor ondernemers',
  'Een coach helpt u energie te besparen en de juiste subsidie te vinden.', svc='energiescan', tg='mkb', size='micro|klein', kosten=0)
A('provincie-zeeland','ZLD-ENERGIE-2023','scan','verduurzaming','weten','PV29','Energiescan Zeeuws mkb 2023',
  'Afgerond project.', svc='energiescan', tg='mkb', size='micro|klein', kosten=0, van='2023-01-01', tot='2023-12-31', structureel=False)
# grid congestion copies
A('gemeente-utrecht','UTR-NET','advies','netcongestie','weten|willen','GM0344','Stroomloket Utrecht',
  'Hulp voor Utrechtse bedrijven die geen grotere aansluiting krijgen: opties voor opslag en slim schakelen.', svc='netcongestie-advies', tg='mkb', kosten=0)
A('netbewust-gelderland','NBG-ADVIES','advies','netcongestie','weten|willen','PV25','Stroomcoach Gelderland',
  'Individueel advies om met de huidige aansluiting toch te groeien of te elektrificeren.', svc='netcongestie-advies', tg='mkb', kosten=0)
A('provincie-noord-holland','NH-NET','advies','netcongestie','weten|willen','PV27','Netcongestie-adviseur Noord-Holland',
  'Advies op maat bij netcongestie: flexibel contract, batterij of samen met de buren.', svc='netcongestie-advies', tg='mkb', kosten=0)
A('provincie-overijssel','OV-NET','scan','netcongestie','weten','PV23','Netcongestie quickscan Overijssel',
  'Online scan met een terugbelgesprek: hoe vangt u stroompieken op?', svc='netcongestie-advies', tg='mkb', kosten=0)
# cash flow / trouble copies
A('gemeente-groningen','GRO-KNEL','advies','zwaar-weer','willen|kunnen','GM0014','Ondernemers in de knel Groningen',
  'Vertrouwelijke hulp bij betalingsachterstanden en schulden voor Groningse ondernemers.', svc='zwaarweer-advies', tg='mkb', kosten=0)
A('provincie-zeeland','ZLD-GELDZORGEN','advies','zwaar-weer','willen|kunnen','PV29','Zeeuws steunpunt ondernemers met geldzorgen',
  'Snel een gesprek met een adviseur als u rekeningen niet meer kunt betalen.', svc='zwaarweer-advies', tg='mkb', kosten=0)
A('ondernemershuis-achterhoek','OHA-ZW','advies','zwaar-weer','willen|kunnen','AM09','Zwaar weer? Bel de Achterhoek',
  'Achterhoekse ondernemers die financieel in de problemen zitten krijgen gratis hulp van een ervaren adviseur.', svc='zwaarweer-advies', tg='mkb', kosten=0)
A('gemeente-amsterdam','ASD-SCHULD','begeleiding','zwaar-weer','kunnen','GM0363','Schuldhulp voor ondernemers Amsterdam',
  'Begeleiding bij schulden voor zelfstandigen en kleine bedrijven, met hulp bij regelingen met schuldeisers.', svc='zwaarweer-advies', tg='mkb', size='micro|klein', kosten=0)
A('gemeente-rotterdam','R-FINFIT','training','financiering|zwaar-weer','kunnen','GM0599','Financieel fit ondernemen',
  'Drie workshops voor Rotterdamse ondernemers: liquiditeitsplanning, prijs berekenen en reserveren voor de belasting.', svc='cashflow-training', tg='mkb', kosten=0)
# starters copies
A('gemeente-nijmegen','NMG-ST','advies','strategie|regelgeving','weten|willen','GM0268','Startersspreekuur Nijmegen',
  'Gratis gesprek voor wie in Nijmegen een bedrijf begint.', svc='starters-advies', tg='starter', kosten=0)
A('gemeente-leeuwarden','LWD-ST','advies','strategie|regelgeving','weten|willen','GM0080','Startersloket Leeuwarden',
  'Advies over je start: plan, vergunning, plek en financiering.', svc='starters-advies', tg='starter', kosten=0)
A('ondernemershuis-twente','OHT-STARTSPREEK','advies','strategie|regelgeving','weten|willen','AM05','Starterscafé en spreekuur Twente',
  'Elke donderdag: stel je startersvraag aan een adviseur van het Ondernemershuis.', svc='starters-advies', tg='starter', kosten=0)
# labour market copies
A('leerwerkloket-rijnmond','LWL-R','advies','arbeidsmarkt','weten|willen','AM22','Leerwerkloket Rijnmond',
  'Advies aan werkgevers over opleiden en omscholen van personeel.', svc='scholing-advies', tg='werkgever', kosten=0)
A('ondernemershuis-twente','OHT-OPLEID','advies','arbeidsmarkt','weten|willen','AM05','Opleidingsvragen? Ondernemershuis Twente',
  'Hulp bij het kiezen van opleidingen voor uw team en de bijbehorende regelingen.', svc='scholing-advies', tg='werkgever', kosten=0)
A('wsp-twente','WSP-TW','advies','arbeidsmarkt','willen|kunnen','AM05','Werkgeversservicepunt Twente',
  'Wij zoeken kandidaten voor uw vacature en regelen proefplaatsingen en loonkostensubsidie.', svc='werving-advies', tg='werkgever', kosten=0)
A('wsp-groot-amsterdam','WSP-GA','advies','arbeidsmarkt','willen|kunnen','AM18','Werkgeversservicepunt Groot Amsterdam',
  'Hulp bij werving en selectie, met kandidaten uit de regio en ondersteuning bij inwerken.', svc='werving-advies', tg='werkgever', kosten=0)
A('groeiwerk-training','GW-LEIDING-ZH','training','arbeidsmarkt','kunnen','PV28','Leiderschap voor jonge werkgevers Zuid-Holland',
  'Gesubsidieerde training in Rotterdam en Den Haag voor ondernemers met 1-10 medewerkers.', svc='leiderschap-training', tg='mkb', size='micro', kosten=0)
# finance advice copies
A('provincie-overijssel','OV-FIN','advies','financiering','weten|willen','PV23','Financieringsadvies Overijssel',
  'Onafhankelijke financieringscoach voor Overijsselse mkb-bedrijven.', svc='financierings-advies', tg='mkb', kosten=0)
A('bom','BOM-FINADV','advies','financiering','weten|willen','PV30','Financieringsspreekuur Brabant',
  'Een uur sparren over uw geldvraag met een specialist van BOM.', svc='financierings-advies', tg='mkb', kosten=0)
# innovation copies
A('rom-utrecht','RU-INNO','advies','innovatie','weten|willen','PV26','Innovatieadvies ROM Utrecht',
  'Sparringpartner voor uw innovatieplan en de zoektocht naar subsidie en partners.', svc='innovatie-advies', tg='innovator', kosten=0)
A('lim','LIM-INNO','advies','innovatie','weten|willen','PV31','Innovatieadviseur Limburg',
  'Gratis advies over vernieuwing, octrooien en innovatiesubsidies voor Limburgse bedrijven.', svc='innovatie-advies', tg='innovator', kosten=0)
A('provincie-zuid-holland','ZH-MIT','subsidie','innovatie','willen|kunnen','PV28','MIT-haalbaarheid Zuid-Holland',
  'Subsidie voor een haalbaarheidsstudie naar een innovatief product van een mkb-bedrijf.', svc='mit-haalbaarheid', tg='innovator', size='micro|klein|middel', van='2026-04-01', tot='2026-12-31', structureel=False)
A('provincie-noord-brabant','NB-MIT-2025','subsidie','innovatie','willen|kunnen','PV30','MIT-haalbaarheid Brabant 2025',
  'Vorige openstelling; gesloten.', svc='mit-haalbaarheid', tg='innovator', size='micro|klein|middel', van='2025-04-01', tot='2025-09-30', structureel=False)
A('provincie-noord-brabant','NB-MIT-2026','subsidie','innovatie','willen|kunnen','PV30','MIT-haalbaarheid Brabant 2026',
  'Tot 20.000 euro voor uw haalbaarheidsproject. Opengesteld van april tot en met december 2026.', svc='mit-haalbaarheid', tg='innovator', size='micro|klein|middel', van='2026-04-01', tot='2026-12-31', structureel=False)
# e-van, circular, succession, misc copies
A('gemeente-amsterdam','ASD-EBUS','subsidie','verduurzaming','kunnen','GM0363','Subsidie elektrische bestelbus Amsterdam',
  'Amsterdamse ondernemers krijgen tot 5.000 euro bij aanschaf van een elektrische bestelauto.', svc='ebus-subsidie', tg='mkb', size='micro|klein', van='2026-01-01', tot='2026-12-31', structureel=False)
A('provincie-utrecht','UTR-CIRC-VOUCHER','voucher','circulair','willen|kunnen','PV26','Circulaire kansen voucher Utrecht',
  'Voucher tot 7.500 euro voor advies over hergebruik, reparatie of een deelmodel.', svc='circulair-voucher', tg='mkb', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False)
A('provincie-gelderland','GLD-CIRC-2024','voucher','circulair','willen|kunnen','PV25','Circulaire voucher Gelderland 2024',
  'Gesloten regeling.', svc='circulair-voucher', tg='mkb', size='micro|klein|middel', van='2024-01-01', tot='2024-12-31', structureel=False)
A('bom','BOM-OVERDRACHTSCAN','scan','bedrijfsopvolging','weten|willen','PV30','Brabantse Overdrachtsscan',
  'Scan met gesprek: hoe klaar is uw bedrijf voor overdracht? Voor bedrijven die minstens vijf jaar bestaan.', svc='opvolging-check', tg='gevestigd5', richting='stoppen', age=5, kosten=0)
A('ondernemershuis-twente','OHT-AVG','training','regelgeving|digitalisering','kunnen','AM05','Privacy op orde: workshop AVG',
  'Praktische workshop over de AVG voor Twentse ondernemers, met voorbeelddocumenten.', svc='avg-training', tg='mkb', kosten=0)
A('ondernemershuis-achterhoek','OHA-SOCIAL','training','marketing','kunnen','AM09','Zichtbaar op sociale media',
  'Workshopreeks voor Achterhoekse ondernemers over Instagram, Facebook en LinkedIn.', svc='online-zichtbaar-training', tg='mkb', kosten=0)
A('nom','NOM-EXPORT','voucher','internationalisering','kunnen','PV20|PV21|PV22','Exportvoucher Noord-Nederland',
  'Tot 5.000 euro voor marktonderzoek of beurzen in het buitenland.', svc='export-voucher', tg='exporteur', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False)
A('bom','BOM-EXPORT','voucher','internationalisering','kunnen','PV30','Brabantse exportvoucher',
  'Bijdrage in de kosten van exportadvies, vertaling of beursdeelname.', svc='export-voucher', tg='exporteur', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False)
A('exportcoach-zuid','EZ-OM','begeleiding','internationalisering','willen|kunnen','NL','Groeimarkten: begeleiding bij export naar Afrika en Azië',
  'Traject van zes maanden voor mkb-bedrijven die willen exporteren naar opkomende landen, met lokale partners.', svc='export-om-begeleiding', tg='exporteur', size='micro|klein|middel', kosten=1200)
A('rvo','RVO-OM-INFO','informatie','internationalisering','weten','NL','Kansen in opkomende markten',
  'Landenpagina\'s en webinars over zakendoen in groeilanden, met contactgegevens van ambassades.', svc='export-om-info', tg='mkb', kosten=0)
A('gemeente-den-haag','DH-JURIDISCH','advies','regelgeving','weten','GM0518','Haags ondernemersrechtspreekuur',
  'Gratis juridisch spreekuur in de bibliotheek voor Haagse ondernemers.', svc='juridisch-advies', tg='mkb', kosten=0)
A('kvk','KVK-TOEKOMST-2024','scan','strategie','weten','NL','Toekomstscan (oude versie)',
  'Vervangen door de nieuwe Toekomstscan.', svc='toekomstscan', tg='mkb', kosten=0, van='2022-01-01', tot='2025-12-31')
dump('catalog_part5.json', O)
print(len(O))
