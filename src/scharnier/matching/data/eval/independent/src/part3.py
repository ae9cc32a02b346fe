from common import *
O = []
a = O.append
# ---- staff / labour market --------------------------------------------------------------------
a(mk('rvo','RVO-SLIM-2026','subsidie','arbeidsmarkt','kunnen','NL',
 'SLIM-subsidie: leren en ontwikkelen in het mkb',
 'Subsidie voor een loopbaanscan, een leercultuur of een praktijkleerplaats voor uw personeel.',
 svc='slim', tg='mkb', size='micro|klein|middel', van='2026-03-01', tot='2026-12-31', structureel=False, budget=50000000))
a(mk('rvo','RVO-SLIM-2025','subsidie','arbeidsmarkt','kunnen','NL',
 'SLIM-subsidie 2025',
 'Vorige openstelling van de SLIM-regeling; aanvragen is niet meer mogelijk.',
 svc='slim', tg='mkb', size='micro|klein|middel', van='2025-03-01', tot='2025-09-30', structureel=False))
a(mk('wsp-rijnmond','WSP-R-01','advies','arbeidsmarkt','willen|kunnen','AM22',
 'Werkgeversservicepunt Rijnmond: hulp bij vacatures',
 'Gratis hulp bij het vinden van personeel, ook mensen met afstand tot de arbeidsmarkt, inclusief loonkostenvoordelen.',
 svc='werving-advies', tg='werkgever', kosten=0, kanalen='een-op-een'))
a(mk('wsp-midden-utrecht','WSP-MU-01','advies','arbeidsmarkt','willen|kunnen','AM13',
 'Werkgeversloket Midden-Utrecht',
 'Eén loket voor werkgevers die mensen zoeken: kandidaten, proefplaatsing en subsidies op loonkosten.',
 svc='werving-advies', tg='werkgever', kosten=0, kanalen='een-op-een'))
a(mk('gemeente-utrecht','UTR-WERKGEVER','begeleiding','arbeidsmarkt','kunnen','GM0344',
 'Match & Werk Utrecht',
 'Accountmanager zoekt met u geschikte kandidaten uit de bijstand en regelt een proefplaatsing.',
 svc='werving-advies', tg='werkgever', kosten=0, kanalen='een-op-een'))
a(mk('leerwerkloket-twente','LWL-TW','advies','arbeidsmarkt','weten|willen','AM05',
 'Leerwerkloket Twente voor werkgevers',
 'Advies over scholing van uw medewerkers: BBL, certificaten, subsidies voor opleiden.',
 svc='scholing-advies', tg='werkgever', kosten=0, kanalen='een-op-een'))
a(mk('leerwerkloket-zuid-limburg','LWL-ZL','advies','arbeidsmarkt','weten|willen','AM30',
 'Opleidingsadvies voor Zuid-Limburgse werkgevers',
 'Een adviseur helpt u uitzoeken welke opleiding en welke regeling bij uw medewerkers past.',
 svc='scholing-advies', tg='werkgever', kosten=0, kanalen='een-op-een'))
a(mk('groeiwerk-training','GW-LEIDING','training','arbeidsmarkt|strategie','kunnen','NL',
 'Leidinggeven voor de ondernemer met eerste personeel',
 'Vier dagdelen: gesprekken voeren, taken loslaten, feedback geven en een goed team bouwen.',
 svc='leiderschap-training', tg='mkb', size='micro|klein', kosten=795, kanalen='fysiek|groep'))
a(mk('hr-punt-brabant','HRP-COACH','begeleiding','arbeidsmarkt|strategie','kunnen','PV30',
 'Coaching voor de startende werkgever',
 'Drie maanden een HR-coach voor ondernemers die hun eerste mensen in dienst nemen.',
 svc='leiderschap-training', tg='mkb', size='micro', kosten=0, kanalen='een-op-een'))
a(mk('provincie-overijssel','OV-OPLEID','voucher','arbeidsmarkt','kunnen','PV23',
 'Opleidingsvoucher vakkrachten Overijssel',
 'Tot 2.000 euro per medewerker voor een vakopleiding in techniek, bouw of zorg.',
 svc='opleidingsvoucher', tg='werkgever', sect='c|f|q', size='micro|klein|middel', van='2026-01-01', tot='2027-06-30', structureel=False))
a(mk('techniekplatform','TP-OPLEID','subsidie','arbeidsmarkt','kunnen','NL',
 'Scholingsbijdrage technisch personeel',
 'Bijdrage in de opleidingskosten van medewerkers in de metaal- en installatietechniek.',
 svc='opleidingsvoucher', tg='techniek', sect='c|f', kosten=0))
a(mk('zorgondernemers-nl','ZO-WERVING','community','arbeidsmarkt','ontmoeten','NL',
 'Netwerk zorgondernemers: personeel vinden en houden',
 'Kennisdeling tussen kleine zorgaanbieders over werving, roosters en verloop.',
 svc='zorg-netwerk', tg='zorg', sect='q', kosten=0, kanalen='online|groep'))
a(mk('arbo-mkb','AM-VERZUIM','advies','arbeidsmarkt|regelgeving','weten|willen','NL',
 'Verzuimadvies voor kleine werkgevers',
 'Wat moet u doen als een medewerker ziek wordt? Telefonisch advies over de Wet poortwachter en re-integratie.',
 svc='verzuim-advies', tg='werkgever', size='micro|klein', kosten=95, kt='Per adviesgesprek', kanalen='een-op-een|online'))
a(mk('gemeente-enschede','ENS-VITAAL','begeleiding','arbeidsmarkt','kunnen','GM0153',
 'Vitaal Werkgeverschap Enschede',
 'Begeleidingstraject om werkdruk en verzuim in kleine bedrijven te verlagen.',
 svc='vitaliteit', tg='werkgever', size='micro|klein', kosten=0, van='2025-01-01', tot='2026-03-31', structureel=False))
a(mk('uwv-werkgevers','UWV-LKV','fiscaal','arbeidsmarkt','kunnen','NL',
 'Loonkostenvoordeel bij oudere of arbeidsbeperkte werknemers',
 'Een jaarlijkse tegemoetkoming als u iemand van 56+ of met een arbeidsbeperking aanneemt.',
 svc='lkv', tg='werkgever', kosten=0))
a(mk('uwv-werkgevers','UWV-ARBEIDSMIGR','informatie','arbeidsmarkt|regelgeving','weten','NL',
 'Personeel uit het buitenland aannemen',
 'Wanneer heeft u een vergunning nodig voor een werknemer van buiten de EU en hoe vraagt u die aan?',
 svc='arbeidsmigratie-info', tg='werkgever', kosten=0))
# ---- internationalisation ------------------------------------------------------------------------
a(mk('rvo','RVO-DTIF','lening','internationalisering|financiering','kunnen','NL',
 'Financiering voor export naar opkomende markten',
 'Lening of garantie voor Nederlandse mkb-bedrijven die exporteren of investeren in landen als Vietnam, Kenia of Colombia.',
 svc='export-financiering-om', tg='exporteur', size='micro|klein|middel', kanalen='een-op-een'))
a(mk('rvo','RVO-SIB','begeleiding','internationalisering','willen|kunnen','NL',
 'Eerste stappen over de grens: coaching voor beginnende exporteurs',
 'Een exportcoach en vouchers voor marktonderzoek of een beursbezoek, voor bedrijven die net gaan exporteren.',
 svc='export-starter-coaching', tg='exporteur', size='micro|klein|middel', kosten=0))
a(mk('oost-nl','ON-EXPORT','voucher','internationalisering','kunnen','PV23|PV25',
 'Exportvoucher Oost-Nederland',
 'Tot 5.000 euro voor buitenlandse beurzen, vertalingen of juridisch advies over een nieuwe markt.',
 svc='export-voucher', tg='exporteur', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False))
a(mk('provincie-limburg','LB-EXPORT','voucher','internationalisering','kunnen','PV31',
 'Internationaliseringsvoucher Limburg',
 'Bijdrage in kosten voor marktverkenning en handelsmissies buiten Nederland.',
 svc='export-voucher', tg='exporteur', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False))
a(mk('exportcoach-zuid','EZ-COACH','advies','internationalisering','willen|kunnen','PV30|PV31',
 'Exportcoach Zuid',
 'Persoonlijk advies van een oud-exportmanager: welke markt, welke partner, welke betalingsvoorwaarden.',
 svc='export-starter-coaching', tg='exporteur', size='micro|klein|middel', kosten=250, kanalen='een-op-een'))
a(mk('kvk','KVK-EXPORT-INFO','informatie','internationalisering|regelgeving','weten','NL',
 'Exporteren: documenten, btw en douane',
 'Alles over exportdocumenten, btw bij levering naar het buitenland en douaneformaliteiten.',
 svc='export-info', tg='mkb', kosten=0, kanalen='online'))
a(mk('rvo','RVO-MISSIE-AFRIKA','evenement','internationalisering','ontmoeten|willen','NL',
 'Handelsmissie Oost-Afrika',
 'Reis mee naar Nairobi en Kampala en ontmoet potentiële klanten en partners.',
 svc='handelsmissie', tg='exporteur', kosten=1500, kt='Eigen reis- en verblijfskosten', van='2027-02-01', tot='2027-02-28', structureel=False))
a(mk('rvo','RVO-MISSIE-INDIA','evenement','internationalisering','ontmoeten|willen','NL',
 'Handelsmissie India: water en agri',
 'Ondernemersdelegatie naar Mumbai en Delhi voor de water- en agrofoodsector.',
 svc='handelsmissie', tg='exporteur', kosten=1800, van='2026-11-15', tot='2026-12-05', structureel=False))
a(mk('provincie-gelderland','GLD-EXPORT-2024','voucher','internationalisering','kunnen','PV25',
 'Gelderse exportsubsidie 2024',
 'Oude regeling voor beursbezoek buitenland; gesloten.',
 svc='export-voucher', tg='exporteur', size='micro|klein|middel', van='2024-01-01', tot='2024-12-31', structureel=False))
a(mk('ondernemersplein-limburg','OPL-GRENS','advies','internationalisering|regelgeving','weten|willen','PV31',
 'Grensinfopunt voor ondernemers',
 'Zaken doen in België of Duitsland? Advies over personeel, belasting en regels over de grens.',
 svc='grens-advies', tg='mkb', kosten=0, kanalen='een-op-een'))
a(mk('oost-nl','ON-GRENS','advies','internationalisering|regelgeving','weten|willen','PV23|PV25',
 'Zakendoen met Duitsland: adviespunt Oost',
 'Vragen over Duitse klanten, personeel of vestiging? Een grensadviseur helpt u verder.',
 svc='grens-advies', tg='mkb', kosten=0, kanalen='een-op-een'))
a(mk('stichting-mkb-vooruit','SMV-EXPORTGAR','garantie','internationalisering|financiering','kunnen','NL',
 'Exportkredietgarantie klein mkb',
 'Garantie zodat u betaald krijgt als een buitenlandse klant niet betaalt.',
 svc='export-garantie', tg='exporteur', size='micro|klein', kanalen='een-op-een'))
# ---- innovation ------------------------------------------------------------------------------
a(mk('rvo','RVO-WBSO','fiscaal','innovatie','kunnen','NL',
 'WBSO: minder loonheffing voor ontwikkelwerk',
 'Fiscale korting op de loonkosten van medewerkers die technisch nieuwe producten of software ontwikkelen.',
 svc='wbso', tg='mkb', kosten=0))
a(mk('rvo','RVO-IK','lening','innovatie|financiering','kunnen','NL',
 'Innovatiekrediet',
 'Krediet voor een risicovol technisch of klinisch ontwikkelproject.',
 svc='innovatiekrediet', tg='innovator', kosten=0))
a(mk('provincie-gelderland','GLD-MIT','subsidie','innovatie','willen|kunnen','PV25',
 'MIT haalbaarheidsproject Gelderland',
 'Subsidie tot 20.000 euro om te onderzoeken of een innovatief idee technisch en economisch haalbaar is.',
 svc='mit-haalbaarheid', tg='innovator', size='micro|klein|middel', van='2026-04-01', tot='2026-12-31', structureel=False))
a(mk('provincie-overijssel','OV-MIT','subsidie','innovatie','willen|kunnen','PV23',
 'Haalbaarheidsstudie innovatie Overijssel (MIT)',
 'Bijdrage in de kosten van een haalbaarheidsonderzoek naar een nieuw product of proces.',
 svc='mit-haalbaarheid', tg='innovator', size='micro|klein|middel', van='2026-04-01', tot='2026-12-31', structureel=False))
a(mk('oost-nl','ON-INNO-ADV','advies','innovatie|financiering','weten|willen','PV23|PV25',
 'Innovatieadviseur Oost NL',
 'Een adviseur helpt u uw innovatieplan scherp te krijgen en zoekt de passende subsidie of financier.',
 svc='innovatie-advies', tg='innovator', kosten=0))
a(mk('innovationquarter','IQ-ADV','advies','innovatie|financiering','weten|willen','PV28',
 'Innovatiemakelaar Zuid-Holland',
 'Gratis sparren met een innovatiemakelaar over uw idee, partners en financieringsmogelijkheden.',
 svc='innovatie-advies', tg='innovator', kosten=0))
a(mk('bom','BOM-INNO','begeleiding','innovatie','willen|kunnen','PV30',
 'Innovatieprogramma Brabant: van idee naar prototype',
 'Traject van zes maanden met experts, klanttesten en een pitch voor investeerders.',
 svc='innovatie-programma', tg='innovator', kosten=0))
a(mk('provincie-zeeland','ZLD-INNOVOUCHER','voucher','innovatie','kunnen','PV29',
 'Zeeuwse kennisvoucher',
 'Voucher van 7.500 euro om kennis in te kopen bij een hogeschool of universiteit.',
 svc='kennisvoucher', tg='mkb', size='micro|klein|middel', van='2026-01-01', tot='2026-12-31', structureel=False))
a(mk('impuls-zeeland','IZ-INNO','advies','innovatie','weten|willen','PV29',
 'Innovatiecoach Zeeland',
 'Denkt mee over vernieuwing, verbindt u met kennisinstellingen en regelt een kennisvoucher.',
 svc='innovatie-advies', tg='innovator', kosten=0))
a(mk('hogeschool-zuyd-lab','HZL-KENNIS','advies','innovatie','willen|kunnen','PV31',
 'Studenten lossen uw innovatievraag op',
 'Praktijkopdracht: een groep studenten werkt een semester aan een vraagstuk uit uw bedrijf.',
 svc='studenten-opdracht', tg='mkb', kosten=0))
a(mk('nom','NOM-INNO','lening','innovatie|financiering','kunnen','PV20|PV21|PV22',
 'Innovatiefonds Noord',
 'Participatie of lening voor innovatieve bedrijven in Groningen, Fryslân en Drenthe.',
 svc='regionaal-innovatiefonds', tg='innovator'))
a(mk('horizon-flevoland','HF-INNO','lening','innovatie|financiering','kunnen','PV24',
 'Innovatieve groeilening Flevoland',
 'Lening voor Flevolandse ondernemers met een vernieuwend product dat klaar is voor de markt.',
 svc='regionaal-innovatiefonds', tg='innovator'))
a(mk('oost-nl','ON-FONDS','lening','innovatie|financiering','kunnen','PV23|PV25',
 'Innovatie- en groeifinanciering Oost NL',
 'Risicokapitaal voor innovatieve bedrijven in Overijssel en Gelderland.',
 svc='regionaal-innovatiefonds', tg='innovator'))
a(mk('techniekplatform','TP-INNOCAFE','evenement','innovatie','ontmoeten','NL',
 'Innovatiecafé maakindustrie',
 'Zes keer per jaar: een maakbedrijf laat een vernieuwing zien en vertelt eerlijk wat misging.',
 svc='innovatie-event', tg='maakindustrie', sect='c', kosten=0))
a(mk('octrooicentrum','OC-IP','advies','innovatie|regelgeving','weten|willen','NL',
 'Intakegesprek octrooi en merken',
 'Gratis gesprek over hoe u uw uitvinding, merk of ontwerp beschermt.',
 svc='ip-advies', tg='mkb', kosten=0))
dump('catalog_part3.json', O)
print(len(O))
