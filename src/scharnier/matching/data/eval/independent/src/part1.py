from common import *
O = []
a = O.append
# ---- starters: information, advice, coaching -------------------------------------------------
a(mk('kvk','KVK-ST-01','informatie','strategie|regelgeving','weten','NL',
 'Online startersbijeenkomst: zo begin je een bedrijf',
 'Een avond via je laptop met alles over inschrijven, btw, verzekeringen en je eerste klanten.',
 'Voor wie overweegt om voor zichzelf te beginnen. U hoort wat er komt kijken bij het starten: rechtsvorm, inschrijving in het Handelsregister, belastingen en vergunningen. Na afloop krijgt u een checklist mee.',
 svc='starters-info', tg='starter', kosten=0, kanalen='online|groep'))
a(mk('kvk','KVK-ST-02','advies','strategie|regelgeving|financiering','willen','NL',
 'Startersgesprek met een adviseur',
 'Persoonlijk gesprek van 45 minuten over uw plan: rechtsvorm, regels en waar u geld kunt vinden.',
 'U legt uw plannen voor aan een adviseur. Samen lopen jullie uw ondernemingsplan door en u hoort welke regels voor uw bedrijf gelden.',
 svc='starters-advies', tg='starter', kosten=0, kanalen='een-op-een|online'))
a(mk('gemeente-amsterdam','ASD-START-1','advies','strategie|regelgeving','weten|willen','GM0363',
 'Startersloket Amsterdam',
 'Gratis spreekuur voor Amsterdammers die een eigen zaak willen beginnen: vergunningen, plan, locatie.',
 'Het loket helpt beginnende ondernemers met vragen over de eerste stappen: welke vergunning heb ik nodig voor mijn zaak, past mijn idee bij het bestemmingsplan, hoe maak ik een goed plan. Ook voor wie net ingeschreven staat.',
 svc='starters-advies', tg='starter', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('gemeente-rotterdam','R-OND-12','begeleiding','strategie|marketing','willen|kunnen','GM0599',
 'Ondernemerscoach voor beginnende ondernemers',
 'Een jaar lang een vaste coach die met u meekijkt naar klanten, prijzen en administratie.',
 'Rotterdamse starters krijgen een ervaren ondernemer als maatje. Elke maand een gesprek, en tussendoor bellen mag. Het traject duurt twaalf maanden.',
 svc='starters-coaching', tg='starter', kosten=0, kanalen='een-op-een'))
a(mk('gemeente-utrecht','UTR-ST-2026','advies','strategie|regelgeving','weten|willen','GM0344',
 'Starterspunt Utrecht: inloopspreekuur',
 'Wekelijks inloopuur voor nieuwe ondernemers in Utrecht. Stel je vraag over je start, je plan of regels.',
 svc='starters-advies', tg='starter', kosten=0, kanalen='fysiek|een-op-een'))
a(mk('ondernemershuis-twente','OHT-01','begeleiding','strategie|marketing|financiering','willen|kunnen','AM05',
 'Starterstraject Twente: van idee naar eerste klant',
 'Zes maanden begeleiding voor startende ondernemers in Twente, met een coach en maandelijkse intervisie.',
 'Samen met een coach werkt u uw businessplan uit, test u uw idee bij echte klanten en maakt u een financieel plan. Deelnemers uit alle Twentse gemeenten zijn welkom.',
 svc='starters-coaching', tg='starter', kosten=150, kt='Eigen bijdrage voor het hele traject', kanalen='een-op-een|groep'))
a(mk('gemeente-enschede','ENS-ST-04','training','strategie|financiering','willen|kunnen','GM0153',
 'Begeleid starten in Enschede',
 'Persoonlijke startbegeleiding door een ondernemerscoach: plan, cijfers en eerste stappen in de markt.',
 'Nieuwe ondernemers uit Enschede krijgen een half jaar een coach toegewezen. U werkt stap voor stap aan uw plan en uw begroting.',
 svc='starters-coaching', tg='starter', kosten=0, kanalen='een-op-een'))
a(mk('gemeente-zwolle','ZWL-ST-1','advies','strategie|regelgeving','weten|willen','GM0193',
 'Startersloket Zwolle',
 'Vragen over starten in Zwolle? Maak een afspraak met de bedrijfscontactfunctionaris.',
 svc='starters-advies', tg='starter', kosten=0, kanalen='een-op-een'))
a(mk('gemeente-maastricht','MST-ST','begeleiding','strategie|marketing','willen|kunnen','GM0935',
 'Starterscoaching Maastricht',
 'Een coach uit het Maastrichtse bedrijfsleven helpt je het eerste jaar door.',
 svc='starters-coaching', tg='starter', kosten=0, kanalen='een-op-een'))
a(mk('gemeente-groningen','GRO-ST-2024','begeleiding','strategie','willen|kunnen','GM0014',
 'Startersbegeleiding Groningen 2024-2025',
 'Tijdelijk coachingsprogramma voor startende ondernemers in de gemeente Groningen.',
 svc='starters-coaching', tg='starter', kosten=0, kanalen='een-op-een', van='2024-01-01', tot='2025-12-31', structureel=False))
a(mk('gemeente-groningen','GRO-ST-2026','begeleiding','strategie|marketing','willen|kunnen','GM0014',
 'Starterscoach Stad',
 'Nieuw: elke Groningse starter kan een coach aanvragen voor de eerste achttien maanden.',
 'Opvolger van de startersbegeleiding 2024-2025. Een coach helpt met plan, prijs, klanten en administratie.',
 svc='starters-coaching', tg='starter', kosten=0, kanalen='een-op-een', van='2026-01-01'))
a(mk('groeiwerk-training','GW-START','training','strategie|financiering','willen','NL',
 'Ondernemingsplan schrijven in 4 weken',
 'Online cursus: je schrijft je eigen ondernemingsplan met feedback van een docent.',
 svc='ondernemingsplan-training', tg='starter', kosten=395, kanalen='online|groep'))
a(mk('gemeente-den-haag','DH-ST-3','evenement','strategie|marketing','ontmoeten|weten','GM0518',
 'Haagse Startersdag',
 'Jaarlijkse dag vol workshops en speeddates met ervaren ondernemers, voor Haagse starters.',
 svc='starters-event', tg='starter', kosten=0, kanalen='fysiek|groep', van='2026-01-01', tot='2026-12-31', structureel=False))
a(mk('ondernemershuis-achterhoek','OHA-STARTERS','community','strategie','ontmoeten','AM09',
 'Startersnetwerk Achterhoek',
 'Maandelijkse borrel en kennissessie voor ondernemers die net begonnen zijn in de Achterhoek.',
 svc='starters-netwerk', tg='starter', kosten=0, kanalen='fysiek|groep'))
a(mk('gemeente-almere','ALM-ST','begeleiding','strategie|financiering','willen|kunnen','GM0034',
 'Starterscentrum Almere',
 'Vanaf 2027: begeleiding in het eerste jaar en een werkplek in het starterscentrum.',
 svc='starters-coaching', tg='starter', kosten=0, kanalen='fysiek|een-op-een', van='2027-01-01'))
a(mk('gemeente-eindhoven','EHV-ST','advies','strategie|regelgeving','weten|willen','GM0772',
 'Ondernemersloket Eindhoven voor starters',
 'Twijfel je over de start van je bedrijf? Het ondernemersloket denkt gratis met je mee.',
 svc='starters-advies', tg='starter', kosten=0, kanalen='een-op-een'))
# ---- micro-credit and starters' money --------------------------------------------------------
a(mk('qredits','QR-MICRO','lening','financiering','kunnen','NL',
 'Microkrediet voor starters en kleine ondernemers',
 'Lening tot 50.000 euro als de bank nee zegt, voor starters en kleine bedrijven.',
 'Krediet voor ondernemers die bij de bank niet terechtkunnen. U dient een ondernemingsplan in; bij goedkeuring krijgt u ook een coach.',
 svc='microkrediet', tg='mkb-klein', size='micro', kosten_toelichting='Rente afhankelijk van risico', kanalen='online|een-op-een'))
a(mk('qredits','QR-COACH','begeleiding','financiering|strategie','kunnen','NL',
 'Coaching naast je krediet',
 'Bij je lening hoort een jaar online coaching over cijfers, marketing en plannen.',
 svc='krediet-coaching', tg='kredietnemer', kanalen='online|een-op-een'))
a(mk('gemeente-rotterdam','R-KRED-01','lening','financiering','kunnen','GM0599',
 'Rotterdams Starterskrediet',
 'Een kleine lening om je zaak in Rotterdam te beginnen: tot 35.000 euro tegen lage rente.',
 svc='microkrediet', tg='mkb-klein', size='micro', kanalen='een-op-een'))
a(mk('stichting-mkb-vooruit','SMV-STARTLENING','lening','financiering','kunnen','NL',
 'Startlening voor vrouwelijke ondernemers',
 'Lening tot 25.000 euro met mentor, alleen voor vrouwen die een bedrijf beginnen of net begonnen zijn.',
 svc='startlening-vrouwen', tg='vrouwen', size='micro', kanalen='een-op-een'))
a(mk('bom','BOM-SEED','lening','financiering|innovatie','kunnen','PV30',
 'Brabant Startup Fonds',
 'Converteerbare lening voor innovatieve startups in Brabant met een technisch product.',
 svc='startup-lening', tg='startup', kanalen='een-op-een'))
a(mk('lim','LIM-START','lening','financiering|innovatie','kunnen','PV31',
 'Limburgse startersfinanciering voor technostarters',
 'Durfkapitaal voor jonge innovatieve bedrijven in Limburg, van 50.000 tot 250.000 euro.',
 svc='startup-lening', tg='startup', kanalen='een-op-een'))
a(mk('gemeente-tilburg','TLB-BBZ','lening','financiering','kunnen','GM0855',
 'Starten vanuit een uitkering (Bbz)',
 'Heeft u een bijstandsuitkering en wilt u ondernemer worden? U kunt een voorbereidingsperiode, inkomen en een starterslening krijgen.',
 svc='bbz-starter', tg='uitkering', size='micro', kanalen='een-op-een'))
a(mk('gemeente-utrecht','UTR-BBZ','lening','zwaar-weer|financiering','kunnen','GM0344',
 'Bbz: ondersteuning voor zelfstandigen in geldnood',
 'Tijdelijk inkomen of een lening voor bedrijfskapitaal als uw zaak tijdelijk niet genoeg oplevert.',
 svc='bbz-zwaarweer', tg='zzp', size='micro', kanalen='een-op-een'))
# ---- zwaar weer / cash flow ------------------------------------------------------------------
a(mk('ondernemersklankbord','OKB-01','advies','zwaar-weer|strategie','willen|kunnen','NL',
 'Klankbordcoach bij financiële zorgen',
 'Een ervaren oud-ondernemer kijkt vertrouwelijk mee als het financieel spannend wordt.',
 'Loopt de omzet terug, zit u krap bij kas of twijfelt u over doorgaan? Een vrijwillige adviseur met jaren ervaring helpt u het overzicht terug te krijgen en keuzes te maken.',
 svc='zwaarweer-advies', tg='mkb', size='micro|klein', kosten=150, kt='Eenmalige bijdrage', kanalen='een-op-een'))
a(mk('kvk','KVK-ZW','informatie','zwaar-weer','weten','NL',
 'Hulplijn geldzorgen ondernemers',
 'Bel of chat anoniem over betaalproblemen; je hoort welke hulp er is.',
 svc='zwaarweer-info', tg='mkb', kosten=0, kanalen='online|een-op-een'))
a(mk('stichting-zakelijk-herstel','SZH-LIJN','advies','zwaar-weer','willen|kunnen','NL',
 'Herstelgesprek voor ondernemers met schulden',
 'Gratis gesprekken met een schuldhulpexpert voor ondernemers: betaalregelingen, schuldeisers, doorstart.',
 'Voor zelfstandigen en kleine werkgevers die rekeningen niet meer kunnen betalen. Samen maakt u een overzicht en een plan; zo nodig praten wij met schuldeisers.',
 svc='zwaarweer-advies', tg='mkb', size='micro|klein', kosten=0, kanalen='een-op-een'))
a(mk('ondernemershuis-twente','OHT-ZW','advies','zwaar-weer','willen|kunnen','AM05',
 'Spreekuur Zwaar Weer Twente',
 'Vertrouwelijk spreekuur voor ondernemers die in de rode cijfers zitten of dat zien aankomen.',
 svc='zwaarweer-advies', tg='mkb', kosten=0, kanalen='een-op-een'))
a(mk('gemeente-eindhoven','EHV-ZW','advies','zwaar-weer','willen|kunnen','GM0772',
 'Ondernemersadviespunt: schulden en betaalachterstand',
 'Hulp voor Eindhovense ondernemers met achterstanden bij leveranciers, huur of Belastingdienst.',
 svc='zwaarweer-advies', tg='mkb', size='micro|klein', kosten=0, kanalen='een-op-een'))
a(mk('ondernemen-in-balans','OIB-01','begeleiding','zwaar-weer|strategie','kunnen','PV30',
 'Ondernemen in Balans Brabant',
 'Begeleiding voor Brabantse ondernemers in financiële moeilijkheden (projectperiode 2023-juni 2026).',
 svc='zwaarweer-advies', tg='mkb', size='micro|klein', kosten=0, kanalen='een-op-een', van='2023-01-01', tot='2026-06-30', structureel=False))
a(mk('cashflowacademie','CFA-TRAIN','training','financiering|zwaar-weer','kunnen','NL',
 'Grip op je cashflow',
 'Praktijktraining van drie ochtenden: liquiditeitsbegroting maken, sneller geld binnenhalen, buffers opbouwen.',
 svc='cashflow-training', tg='mkb', kosten=295, kanalen='online|groep'))
a(mk('gemeente-leeuwarden','LWD-ZW','lening','zwaar-weer|financiering','kunnen','GM0080',
 'Bedrijfskapitaal voor zelfstandigen in nood',
 'Lening voor bedrijfskapitaal als uw bedrijf levensvatbaar is maar even krap zit (Bbz).',
 svc='bbz-zwaarweer', tg='zzp', size='micro', kanalen='een-op-een'))
a(mk('ondernemersplein-limburg','OPL-GZ','advies','zwaar-weer','weten|willen','PV31',
 'Eerste hulp bij geldzorgen',
 'Limburgse ondernemers met betalingsproblemen krijgen snel een eerste gesprek met een financieel adviseur.',
 svc='zwaarweer-advies', tg='mkb', kosten=0, kanalen='een-op-een'))
a(mk('belastingdienst','BD-BETREG','fiscaal','zwaar-weer|financiering','kunnen','NL',
 'Betalingsregeling voor belastingschulden',
 'Kunt u uw btw of loonheffing niet op tijd betalen? Vraag een betalingsregeling of uitstel aan.',
 svc='belasting-betalingsregeling', tg='mkb', kosten=0, kanalen='online'))
a(mk('gemeente-rotterdam','R-GELDPLAN','begeleiding','zwaar-weer|financiering','kunnen','GM0599',
 'Geldplan voor ondernemers',
 'Budgetcoach voor Rotterdamse zzp\'ers die privé en zaak niet meer rond krijgen.',
 svc='zwaarweer-advies', tg='zzp', size='micro', kosten=0, kanalen='een-op-een'))
a(mk('mkb-nederland','MKBNL-INCASSO','informatie','financiering|regelgeving','weten','NL',
 'Webinar: klanten die niet betalen',
 'Wat mag u doen als facturen blijven liggen? Herinneringen, incassokosten en wanneer naar de rechter.',
 svc='debiteuren-info', tg='mkb', kosten=0, kanalen='online|groep'))
# ---- business succession ---------------------------------------------------------------------
a(mk('kvk','KVK-OPV-WEB','informatie','bedrijfsopvolging','weten','NL',
 'Webinar: je bedrijf overdragen, waar begin je?',
 'In een uur hoort u hoe lang een overdracht duurt, wat uw zaak waard is en wie u kan helpen.',
 svc='opvolging-info', tg='mkb', richting='stoppen', kosten=0, kanalen='online|groep'))
a(mk('opvolgpunt','OP-SCAN','scan','bedrijfsopvolging','weten|willen','NL',
 'Overdrachtsklaar-scan',
 'Vragenlijst plus gesprek: u krijgt een rapport met hoe klaar uw bedrijf is voor een opvolger.',
 'Voor eigenaren van een bedrijf dat minstens 5 jaar bestaat. Een adviseur bespreekt de uitkomst en geeft de belangrijkste actiepunten.',
 svc='opvolging-check', tg='gevestigd5', richting='stoppen', age=5, kosten=0, kanalen='online|een-op-een'))
a(mk('provincie-gelderland','GLD-OPV','advies','bedrijfsopvolging','weten|willen','PV25',
 'Gelderse Overdrachtscheck',
 'Een overdrachtsadviseur komt langs en bekijkt met u hoe overdraagbaar uw bedrijf is. U krijgt een verslag met adviezen.',
 svc='opvolging-check', tg='gevestigd5', richting='stoppen', age=5, kosten=0, kanalen='fysiek|een-op-een'))
a(mk('bom','BOM-OVERNAME','begeleiding','bedrijfsopvolging','kunnen','PV30',
 'Overnamebegeleiding Brabant',
 'Van eerste gesprek tot de handtekening: een procesbegeleider helpt verkoper en koper.',
 svc='opvolging-traject', tg='gevestigd5', richting='stoppen', age=5, kosten=500, kanalen='een-op-een'))
a(mk('oost-nl','ON-OPV','begeleiding','bedrijfsopvolging|strategie','willen|kunnen','PV23|PV25',
 'Programma Bedrijfsopvolging Oost',
 'Negen maanden begeleiding bij het overdragen van uw bedrijf, voor ondernemers in Gelderland en Overijssel.',
 svc='opvolging-traject', tg='gevestigd5', richting='stoppen', age=5, kosten=750, kanalen='een-op-een|groep'))
a(mk('familiebedrijven-nl','FB-LEERGANG','training','bedrijfsopvolging','willen|kunnen','NL',
 'Leergang opvolging in het familiebedrijf',
 'Vijf dagen voor ouders en kinderen die het familiebedrijf willen doorgeven: rollen, geld en gevoel.',
 svc='opvolging-leergang', tg='familiebedrijf', richting='stoppen', kosten=1950, kanalen='fysiek|groep'))
a(mk('ondernemershuis-achterhoek','OHA-OPV','training','bedrijfsopvolging','kunnen','AM09',
 'Stokje overdragen',
 'Persoonlijke overdrachtscoach voor Achterhoekse ondernemers die binnen vijf jaar willen stoppen.',
 'Ondanks de naam geen klassikale cursus: u krijgt een vaste coach die het hele overdrachtsproces met u doorloopt, van waardebepaling tot gesprek met de opvolger.',
 svc='opvolging-traject', tg='gevestigd5', richting='stoppen', age=5, kosten=0, kanalen='een-op-een'))
a(mk('stichting-mkb-vooruit','SMV-OVERNAME','lening','bedrijfsopvolging|financiering','kunnen','NL',
 'Overnamelening voor opvolgers',
 'Achtergestelde lening voor wie een bestaand mkb-bedrijf overneemt en net te weinig eigen geld heeft.',
 svc='overname-financiering', tg='overnemer', kanalen='een-op-een'))
a(mk('bom','BOM-OVF','lening','bedrijfsopvolging|financiering','kunnen','PV30',
 'Overnamefinanciering Brabant',
 'Aanvullende lening tot 500.000 euro bij de overname van een Brabants bedrijf.',
 svc='overname-financiering', tg='overnemer', kanalen='een-op-een'))
a(mk('provincie-limburg','LB-OPV-2025','voucher','bedrijfsopvolging','willen','PV31',
 'Opvolgingsvoucher Limburg 2025',
 'Voucher van 2.500 euro voor advies bij bedrijfsoverdracht. Aanvragen kon tot eind 2025.',
 svc='opvolging-voucher', tg='gevestigd5', age=5, van='2025-01-01', tot='2025-12-31', structureel=False, kanalen='een-op-een'))
a(mk('provincie-limburg','LB-OPV-2027','voucher','bedrijfsopvolging','willen','PV31',
 'Opvolgingsvoucher Limburg 2027',
 'Nieuwe ronde: 3.000 euro voor externe hulp bij de overdracht van uw bedrijf. Opent in 2027.',
 svc='opvolging-voucher', tg='gevestigd5', age=5, van='2027-03-01', tot='2027-12-31', structureel=False, kanalen='een-op-een'))
a(mk('agrarisch-jong','AJ-OVERNAME','begeleiding','bedrijfsopvolging','willen|kunnen','NL',
 'Bedrijfsovername op de boerderij',
 'Begeleiding voor boerenfamilies bij het overdragen van het bedrijf aan de volgende generatie.',
 svc='opvolging-traject', tg='agri', sect='a', richting='stoppen', kosten=0, kanalen='een-op-een|fysiek'))
a(mk('kvk','KVK-OVERNAMEMARKT','scan','bedrijfsopvolging','willen','NL',
 'Overnameplatform: koper of verkoper vinden',
 'Zet je bedrijf anoniem te koop of zoek een zaak om over te nemen.',
 svc='overname-platform', tg='mkb', kosten=0, kanalen='online'))
a(mk('provincie-overijssel','OV-OPV-VOUCHER','voucher','bedrijfsopvolging','willen|kunnen','PV23',
 'Overijsselse opvolgingsvoucher',
 'Bijdrage van 50% tot 2.500 euro in de kosten van een overnameadviseur.',
 svc='opvolging-voucher', tg='gevestigd5', age=5, van='2026-01-01', tot='2027-12-31', structureel=False, kanalen='een-op-een'))
dump('catalog_part1.json', O)
print(len(O))
