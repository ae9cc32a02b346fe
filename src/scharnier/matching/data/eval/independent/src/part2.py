from common import *
O = []
a = O.append
# ---- digitalisation ---------------------------------------------------------------------------
a(mk('mkb-werkplaats-utrecht','DW-UTR-01','advies','digitalisering','weten|willen','PV26',
 'Digitale kansen in kaart: gratis gesprek met een student-adviseur',
 'Studenten en een docent onderzoeken samen met u waar software, data of AI uw bedrijf vooruit helpt.',
 svc='digi-check', tg='mkb', size='micro|klein', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('mkb-werkplaats-groningen','DW-GRO-01','scan','digitalisering','weten','PV20|PV22',
 'Digiscan Noord',
 'Online quickscan van 20 minuten met daarna een adviesgesprek over uw digitale volwassenheid.',
 svc='digi-check', tg='mkb', size='micro|klein', kosten=0, kanalen='online|een-op-een'))
a(mk('kvk','KVK-DIGI-SCAN','scan','digitalisering','weten','NL',
 'Test je digitale fitheid',
 'Gratis online test: in tien minuten zie je hoe digitaal je bedrijf werkt en wat de volgende stap is.',
 svc='digi-zelftest', tg='mkb', kosten=0, kanalen='online'))
a(mk('edih-oost','EDIH-O-TEST','advies','digitalisering|innovatie','willen|kunnen','PV23|PV25',
 'Test before invest: AI en robotica uitproberen',
 'Maakbedrijven in Oost-Nederland testen samen met een hub een AI- of robotoplossing voordat ze investeren.',
 svc='test-before-invest', tg='maakindustrie', sect='c', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('edih-zuid','EDIH-Z-TBI','begeleiding','digitalisering|innovatie','kunnen','PV30|PV31',
 'Proeftuin slimme productie',
 'Industriële mkb-bedrijven in Brabant en Limburg proberen een digitale oplossing eerst uit in een testomgeving.',
 svc='test-before-invest', tg='maakindustrie', sect='c', kosten=0, kanalen='fysiek|groep'))
a(mk('provincie-gelderland','GLD-DIGI-VOUCHER','voucher','digitalisering','kunnen','PV25',
 'Gelderse digitaliseringsvoucher',
 'Voucher van maximaal 5.000 euro (50%) voor het inhuren van een expert die een digitaal project begeleidt.',
 svc='digi-voucher', tg='mkb', size='micro|klein|middel', van='2026-02-01', tot='2026-12-31', structureel=False, kanalen='een-op-een'))
a(mk('provincie-overijssel','OV-DIGI-VOUCHER','voucher','digitalisering','kunnen','PV23',
 'Digitaliseringsvoucher Overijssel',
 'Tegemoetkoming tot 7.500 euro voor advies of implementatie van software, webshop of data-analyse.',
 svc='digi-voucher', tg='mkb', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False, kanalen='een-op-een'))
a(mk('provincie-zuid-holland','ZH-DIGI-2025','voucher','digitalisering','kunnen','PV28',
 'MKB Digitaal voucher Zuid-Holland',
 'Subsidie voor digitaliseringsadvies. De regeling is gesloten sinds 31 oktober 2025.',
 svc='digi-voucher', tg='mkb', size='micro|klein|middel', van='2025-03-01', tot='2025-10-31', structureel=False, kanalen='een-op-een'))
a(mk('cyberveilig-mkb','CV-TRAIN','training','digitalisering|regelgeving','kunnen','NL',
 'Cyberweerbaar in 3 avonden',
 'Training voor ondernemers en medewerkers: phishing herkennen, back-ups, wachtwoorden en wat te doen bij een hack.',
 svc='cyber-training', tg='mkb', kosten=149, kanalen='online|groep'))
a(mk('politie-ondernemersloket','POL-CYBER','informatie','digitalisering','weten','NL',
 'Hack of ransomware? Zo doe je aangifte en zo voorkom je het',
 'Uitleg over digitale criminaliteit voor bedrijven, met een checklist voor basisbeveiliging.',
 svc='cyber-info', tg='mkb', kosten=0, kanalen='online'))
a(mk('gemeente-amsterdam','ASD-CYBER','scan','digitalisering','weten|willen','GM0363',
 'Cybercheck voor Amsterdamse ondernemers',
 'Een ethisch hacker test uw website en wifi en bespreekt de zwakke plekken met u.',
 svc='cyber-check', tg='mkb', size='micro|klein', kosten=0, kanalen='een-op-een', van='2026-03-01', tot='2027-02-28', structureel=False))
a(mk('digitaal-sterk-rotterdam','DSR-CYB','advies','digitalisering','weten|willen','AM22',
 'Digitale veiligheid op orde: adviesgesprek',
 'Een specialist loopt met u na of uw bedrijf goed beschermd is tegen hackers en datalekken.',
 svc='cyber-check', tg='mkb', size='micro|klein', kosten=0, kanalen='een-op-een'))
a(mk('webshop-academie','WSA-ECOM','training','digitalisering|marketing','kunnen','NL',
 'E-commerce bootcamp',
 'Vijf weken online: van eerste webshop tot betaalde advertenties en retouren regelen.',
 svc='ecommerce-training', tg='mkb', kosten=495, kanalen='online|groep'))
a(mk('gemeente-den-haag','DH-DIGI-WINKEL','training','digitalisering|marketing','kunnen','GM0518',
 'Digitale etalage voor Haagse winkeliers',
 'Workshopreeks voor winkels en horeca: Google-profiel, Instagram en online bestellen.',
 svc='online-zichtbaar-training', tg='retail', sect='g|i', kosten=0, kanalen='fysiek|groep'))
a(mk('ondernemershuis-twente','OHT-AI','evenement','digitalisering|innovatie','ontmoeten|weten','AM05',
 'AI-café Twente',
 'Maandelijkse avond waar ondernemers laten zien hoe ze ChatGPT en andere AI echt gebruiken.',
 svc='ai-meetup', tg='mkb', kosten=0, kanalen='fysiek|groep'))
a(mk('rvo','RVO-DIGI-INFO','informatie','digitalisering','weten','NL',
 'Regels voor AI en data: wat moet u als ondernemer weten?',
 'Uitleg over de AI-verordening, AVG en dataopslag in gewone taal.',
 svc='ai-regels-info', tg='mkb', kosten=0, kanalen='online'))
# ---- energy saving / sustainability ---------------------------------------------------------
a(mk('klimaatplein-limburg','KPL-ESCAN','scan','verduurzaming','weten|willen','PV31',
 'Energiescan Limburg',
 'Een energieadviseur komt langs, meet uw verbruik en geeft een lijst met besparingen en terugverdientijd.',
 svc='energiescan', tg='mkb', size='micro|klein', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('energieloket-brabant','ELB-ADVIES','advies','verduurzaming','weten|willen','PV30',
 'Energiebesparingsadvies op locatie',
 'Brabantse mkb-bedrijven krijgen een bezoek van een energiecoach met een rapport over besparen en opwekken.',
 svc='energiescan', tg='mkb', size='micro|klein', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('gemeente-eindhoven','EHV-ENERGIE','scan','verduurzaming','weten','GM0772',
 'Verduurzamingscheck voor Eindhovense ondernemers',
 'Gratis bezoek van een adviseur die kijkt naar isolatie, verlichting, koeling en zonnepanelen.',
 svc='energiescan', tg='mkb', size='micro|klein', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('gemeente-utrecht','UTR-ENERGIE-2024','scan','verduurzaming','weten','GM0344',
 'Energiecheck Utrecht 2024',
 'Gratis energiescan voor Utrechtse ondernemers. Het project liep af op 31 december 2024.',
 svc='energiescan', tg='mkb', size='micro|klein', kosten=0, van='2024-01-01', tot='2024-12-31', structureel=False, kanalen='fysiek'))
a(mk('duurzaam-ondernemen-utrecht','DOU-COACH','advies','verduurzaming','weten|willen','PV26',
 'Duurzaamheidscoach Provincie Utrecht',
 'Een coach bezoekt uw bedrijf, brengt het energiegebruik in beeld en helpt met een plan van aanpak.',
 svc='energiescan', tg='mkb', size='micro|klein', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('horecabond','HB-ENERGIE','advies','verduurzaming','weten|willen','NL',
 'Energieadvies voor horeca',
 'Speciaal voor cafés, restaurants en hotels: keuken, koeling en verwarming slimmer inrichten.',
 svc='energiescan', tg='horeca', sect='i', kosten=0, kt='Gratis voor leden', kanalen='fysiek|een-op-een'))
a(mk('rvo','RVO-EIA','fiscaal','verduurzaming|financiering','kunnen','NL',
 'Energie-investeringsaftrek (EIA)',
 'Trek een deel van de investering in energiezuinige bedrijfsmiddelen af van uw winst.',
 svc='eia', tg='mkb', kosten=0, kanalen='online'))
a(mk('provincie-noord-holland','NH-ENERGIE-SUB','subsidie','verduurzaming','kunnen','PV27',
 'Subsidie energiebesparing mkb Noord-Holland',
 'Bijdrage van 30% in maatregelen als ledverlichting, warmtepomp en isolatie, tot 25.000 euro.',
 svc='energie-subsidie', tg='mkb', size='micro|klein|middel', van='2026-01-15', tot='2026-12-31', structureel=False, budget=3000000, kanalen='online'))
a(mk('gemeente-amsterdam','ASD-ENERGIE-SUB','subsidie','verduurzaming','kunnen','GM0363',
 'Amsterdamse subsidie verduurzaming bedrijfspand',
 'Tot 20.000 euro voor isoleren en van het gas af in uw bedrijfspand.',
 svc='energie-subsidie', tg='mkb', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False, kanalen='online'))
a(mk('provincie-fryslan','FRL-ENERGIE-SUB','subsidie','verduurzaming','kunnen','PV21',
 'Friese energiesubsidie voor ondernemers',
 'Subsidie voor investeringen in energiebesparing door mkb in Fryslân. Gesloten sinds 1 april 2026.',
 svc='energie-subsidie', tg='mkb', size='micro|klein|middel', van='2025-04-01', tot='2026-04-01', structureel=False, kanalen='online'))
a(mk('stichting-mkb-vooruit','SMV-GROENLENING','lening','verduurzaming|financiering','kunnen','NL',
 'Groene ondernemerslening',
 'Lening met lage rente voor zonnepanelen, warmtepompen en isolatie in uw bedrijf.',
 svc='groene-lening', tg='mkb', size='micro|klein', kanalen='online'))
a(mk('provincie-gelderland','GLD-DUURZAAM-LEN','lening','verduurzaming|financiering','kunnen','PV25',
 'Duurzaamheidslening Gelderland',
 'Lening vanaf 25.000 euro voor verduurzaming van bedrijfspanden en processen.',
 svc='groene-lening', tg='mkb', size='micro|klein|middel', kanalen='een-op-een'))
a(mk('mkb-nederland','MKBNL-CSRD','informatie','verduurzaming|regelgeving','weten','NL',
 'Duurzaamheidsvragen van grote klanten: wat moet het mkb?',
 'Uitleg over CSRD, ketenvragen en CO2-rapportage voor kleinere toeleveranciers.',
 svc='csrd-info', tg='mkb', kosten=0, kanalen='online'))
a(mk('groeiwerk-training','GW-CO2','training','verduurzaming|regelgeving','kunnen','NL',
 'CO2-voetafdruk berekenen voor je klanten',
 'Tweedaagse training: je berekent de uitstoot van je bedrijf en maakt een rapportage die grote opdrachtgevers accepteren.',
 svc='co2-training', tg='mkb', kosten=650, kanalen='fysiek|groep'))
a(mk('rvo','RVO-ENERGIEPLICHT','informatie','verduurzaming|regelgeving','weten','NL',
 'Energiebesparingsplicht en informatieplicht',
 'Gebruikt u veel stroom of gas? Dan moet u besparende maatregelen nemen en melden. Hier leest u hoe.',
 svc='energieplicht-info', tg='mkb', kosten=0, kanalen='online'))
# ---- grid congestion ------------------------------------------------------------------------
a(mk('provincie-utrecht','UTR-NET-ADV','advies','netcongestie|verduurzaming','weten|willen','PV26',
 'Netcongestie-adviseur Utrecht',
 'Geen extra stroom van de netbeheerder? Een adviseur zoekt met u naar slimme oplossingen: batterij, spreiden, delen.',
 svc='netcongestie-advies', tg='mkb', kosten=0, kanalen='een-op-een'))
a(mk('netbewust-gelderland','NBG-01','begeleiding','netcongestie','willen|kunnen','PV25',
 'Energiehub-begeleiding Gelderland',
 'Bedrijven op één bedrijventerrein krijgen hulp om samen stroom te delen en op te slaan.',
 svc='energiehub', tg='bedrijventerrein', kosten=0, kanalen='groep|fysiek'))
a(mk('provincie-noord-brabant','NB-NET','advies','netcongestie','weten|willen','PV30',
 'Stroomtekort? Brabants netcongestieloket',
 'Persoonlijk advies voor bedrijven die op de wachtlijst staan voor een (grotere) aansluiting.',
 svc='netcongestie-advies', tg='mkb', kosten=0, kanalen='een-op-een|online'))
a(mk('gemeente-nijmegen','NMG-NET','scan','netcongestie|verduurzaming','weten','GM0268',
 'Netcongestiescan Nijmegen',
 'Scan van uw stroomverbruik per kwartier met advies hoe u pieken verlaagt.',
 svc='netcongestie-advies', tg='mkb', kosten=0, kanalen='een-op-een', van='2026-05-01', tot='2027-04-30', structureel=False))
a(mk('provincie-noord-holland','NH-ENERGIEHUB','subsidie','netcongestie','kunnen','PV27',
 'Subsidie voor energiehubs op bedrijventerreinen',
 'Tot 100.000 euro voor onderzoek en opstart van een collectief dat energie deelt.',
 svc='energiehub-subsidie', tg='bedrijventerrein', van='2027-01-01', tot='2027-12-31', structureel=False))
a(mk('rvo','RVO-NETINFO','informatie','netcongestie','weten','NL',
 'Vol stroomnet: wat kunt u doen?',
 'Overzicht van alternatieven als uw netbeheerder geen ruimte heeft: flexibel contract, opslag, samenwerken.',
 svc='netcongestie-info', tg='mkb', kosten=0, kanalen='online'))
# ---- circular ------------------------------------------------------------------------------
a(mk('provincie-zuid-holland','ZH-CIRC-VOUCHER','voucher','circulair','willen|kunnen','PV28',
 'Circulaire voucher Zuid-Holland',
 'Tot 10.000 euro voor advies over hergebruik van materialen of een circulair verdienmodel.',
 svc='circulair-voucher', tg='mkb', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False))
a(mk('circulair-fryslan','CF-PROG','begeleiding','circulair|strategie','willen|kunnen','PV21',
 'Fries programma circulair ondernemen',
 'Groepstraject van vier maanden: u ontwerpt een product of dienst die langer meegaat of terugkomt.',
 svc='circulair-programma', tg='mkb', kosten=250, kanalen='groep'))
a(mk('rvo','RVO-CIRC-SCAN','scan','circulair','weten','NL',
 'Circulair ondernemen: online zelfscan',
 'Ontdek in een kwartier hoe circulair uw bedrijf al is en welke stappen passen.',
 svc='circulair-scan', tg='mkb', kosten=0, kanalen='online'))
a(mk('gemeente-amsterdam','ASD-CIRC','begeleiding','circulair','willen|kunnen','AM18',
 'Circulaire Koplopers Metropool Amsterdam',
 'Negen maanden begeleiding in een groep ondernemers die hun afval en grondstoffen anders willen organiseren.',
 svc='circulair-programma', tg='mkb', kosten=0, kanalen='groep'))
a(mk('circulaire-bouw','CB-TRAINING','training','circulair','kunnen','NL',
 'Circulair bouwen in de praktijk',
 'Cursus voor aannemers en installateurs: demontabel bouwen, materiaalpaspoort en hergebruik op de bouwplaats.',
 svc='circulair-bouw-training', tg='bouw', sect='f', kosten=450, kanalen='fysiek|groep'))
a(mk('provincie-zuid-holland','ZH-CIRC-PROG','begeleiding','circulair','kunnen','PV28',
 'Versnellingstraject circulaire maakbedrijven',
 'Coaching en netwerk voor Zuid-Hollandse bedrijven die circulair willen produceren.',
 svc='circulair-programma', tg='mkb', kosten=0, kanalen='groep|een-op-een'))
a(mk('afvalfonds-mkb','AFM-INFO','informatie','circulair|regelgeving','weten','NL',
 'Verpakkingen en statiegeld: uw plichten',
 'Wat moet u doen als u producten in verpakkingen verkoopt? Uitleg over melden, betalen en recyclen.',
 svc='verpakking-info', tg='mkb', kosten=0, kanalen='online'))
dump('catalog_part2.json', O)
print(len(O))
