from common import *
O = []
a = O.append
# ---- finance ----------------------------------------------------------------------------------
a(mk('rvo','RVO-BMKB','garantie','financiering','kunnen','NL','Borgstelling MKB-kredieten (BMKB)',
 'De overheid staat borg voor een deel van uw bankkrediet, zodat u met minder zekerheden toch kunt lenen.', svc='bmkb', tg='mkb', size='micro|klein|middel'))
a(mk('qredits','QR-GROEI','lening','financiering','kunnen','NL','Groeikrediet tot 250.000 euro',
 'Voor bestaande ondernemers die willen uitbreiden maar bij de bank niet rond komen.', svc='groeikrediet', tg='gevestigd', size='micro|klein', age=1))
a(mk('stichting-mkb-vooruit','SMV-GROEI','lening','financiering','kunnen','NL','Groeilening mkb',
 'Achtergestelde groeilening voor mkb-bedrijven die minstens drie jaar bestaan.', svc='groeikrediet', tg='gevestigd', size='micro|klein', age=3))
a(mk('financieringsloket-gelderland','FLG-01','advies','financiering','weten|willen','PV25','Financieringsloket Gelderland',
 'Onafhankelijke adviseur die met u uitzoekt welke financiering past: bank, krediet, crowdfunding of subsidie.', svc='financierings-advies', tg='mkb', kosten=0))
a(mk('ondernemershuis-achterhoek','OHA-FIN','advies','financiering','weten|willen','AM09','Geldvraag? Financieringsspreekuur Achterhoek',
 'Gesprek met een financieringsexpert over je investering, lening of crowdfunding.', svc='financierings-advies', tg='mkb', kosten=0))
a(mk('gemeente-amsterdam','ASD-FIN','advies','financiering','weten|willen','GM0363','Financieringsadvies Amsterdam',
 'Hulp bij het zoeken naar geld voor je bedrijf, van microkrediet tot investeerder.', svc='financierings-advies', tg='mkb', kosten=0))
a(mk('rom-utrecht','RU-FIN','advies','financiering|innovatie','weten|willen','PV26','Kapitaalcoach Utrecht',
 'Hulp bij uw financieringsvraag en een introductie bij investeerders voor groeiende bedrijven.', svc='financierings-advies', tg='mkb', kosten=0))
a(mk('crowdfund-wijzer','CFW-INFO','informatie','financiering','weten','NL','Crowdfunding: hoe werkt het?',
 'Gratis e-learning over geld ophalen bij de crowd: lening, aandelen of voorverkoop.', svc='crowdfunding-info', tg='mkb', kosten=0))
a(mk('provincie-noord-brabant','NB-MKBFONDS','lening','financiering','kunnen','PV30','Brabants MKB Fonds',
 'Lening tot 250.000 euro voor groeiplannen van Brabantse mkb-bedrijven die minimaal vijf jaar bestaan.', svc='regionaal-groeifonds', tg='gevestigd5', size='micro|klein|middel', age=5))
a(mk('provincie-zeeland','ZLD-MKBFONDS','lening','financiering','kunnen','PV29','Zeeuws ondernemersfonds',
 'Aanvullende lening voor investeringen van Zeeuwse mkb-bedrijven.', svc='regionaal-groeifonds', tg='mkb', size='micro|klein|middel'))
a(mk('provincie-limburg','LB-MKBFONDS','lening','financiering','kunnen','PV31','MKB-krediet Limburg',
 'Lening voor Limburgse bedrijven die willen groeien en geen bankfinanciering krijgen. Gesloten per 1 juli 2026.', svc='regionaal-groeifonds', tg='mkb', size='micro|klein|middel', van='2022-01-01', tot='2026-07-01', structureel=False))
a(mk('belastingdienst','BD-KIA','fiscaal','financiering','kunnen','NL','Kleinschaligheidsinvesteringsaftrek (KIA)',
 'Extra aftrek op uw winst als u in een jaar investeert in bedrijfsmiddelen.', svc='kia', tg='mkb'))
a(mk('belastingdienst','BD-STARTERSAFTREK','fiscaal','financiering','kunnen','NL','Startersaftrek',
 'Extra aftrek voor ondernemers in de inkomstenbelasting in de eerste jaren na de start.', svc='startersaftrek', tg='starter'))
# ---- rules ------------------------------------------------------------------------------------
a(mk('kvk','KVK-REGELS','informatie','regelgeving','weten','NL','Welke regels gelden voor mijn bedrijf?',
 'Online overzicht van vergunningen, registraties en plichten per branche.', svc='regels-info', tg='mkb', kosten=0))
a(mk('kvk','KVK-JURIDISCH','advies','regelgeving','weten|willen','NL','Telefonisch advies over regels en contracten',
 'Bel met een adviseur over algemene voorwaarden, contracten, aansprakelijkheid of een conflict met een klant.', svc='juridisch-advies', tg='mkb', kosten=0))
a(mk('juridisch-loket-ondernemers','JLO-SPREEKUUR','advies','regelgeving','weten|willen','NL','Juridisch spreekuur voor zzp en mkb',
 'Gratis half uur met een jurist over een contract, incasso, huurconflict of arbeidsrecht.', svc='juridisch-advies', tg='mkb', size='micro|klein', kosten=0))
a(mk('ondernemersvereniging-tilburg','OVT-JUR','advies','regelgeving','weten','GM0855','Juridisch spreekuur Tilburg',
 'Maandelijks spreekuur met een advocaat voor leden van de ondernemersvereniging.', svc='juridisch-advies', tg='leden', kosten=0, kt='Alleen voor leden'))
a(mk('horecabond','HB-VERGUNNING','advies','regelgeving','weten|willen','NL','Vergunningenhulp horeca',
 'Hulp bij drank- en horecavergunning, terras en exploitatievergunning.', svc='horeca-vergunning', tg='horeca', sect='i', kosten=0, kt='Gratis voor leden'))
a(mk('gemeente-rotterdam','R-VERGUNNING','advies','regelgeving|huisvesting','weten|willen','GM0599','Vergunningencoach Rotterdam',
 'Persoonlijke hulp bij aanvragen van vergunningen voor uw zaak, terras of verbouwing.', svc='vergunning-advies', tg='mkb', kosten=0))
a(mk('gemeente-den-haag','DH-VERGUNNING','advies','regelgeving','weten|willen','GM0518','Ondernemersloket Den Haag: vergunningen',
 'Eén contactpersoon die uw vergunningaanvraag bij de gemeente regelt.', svc='vergunning-advies', tg='mkb', kosten=0))
a(mk('arbo-mkb','AM-RIE','training','regelgeving|arbeidsmarkt','kunnen','NL','Zelf je RI&E maken',
 'Workshop van een middag: je maakt je eigen risico-inventarisatie en plan van aanpak.', svc='rie-training', tg='werkgever', size='micro|klein', kosten=195))
a(mk('privacy-mkb','PM-AVG','training','regelgeving|digitalisering','kunnen','NL','AVG in de praktijk voor kleine bedrijven',
 'Cursus: privacyverklaring, verwerkersovereenkomsten en wat te doen bij een datalek.', svc='avg-training', tg='mkb', kosten=245))
a(mk('mkb-nederland','MKBNL-AVG','informatie','regelgeving|digitalisering','weten','NL','Privacywet: checklist voor ondernemers',
 'Stap voor stap nagaan of uw bedrijf voldoet aan de AVG.', svc='avg-info', tg='mkb', kosten=0))
a(mk('belastingdienst','BD-STARTERSINFO','informatie','regelgeving|financiering','weten','NL','Belastingen voor starters',
 'Webinar over btw, inkomstenbelasting, urencriterium en administratie voor nieuwe ondernemers.', svc='belasting-starters-info', tg='starter', kosten=0))
a(mk('belastingdienst','BD-BTW-SPREEKUUR','advies','regelgeving','weten','NL','Belastingspreekuur voor starters',
 'Persoonlijk gesprek met een medewerker van de Belastingdienst over uw eerste aangiftes.', svc='belasting-starters-info', tg='starter', kosten=0))
# ---- premises ---------------------------------------------------------------------------------
a(mk('gemeente-tilburg','TLB-RUIMTE','advies','huisvesting','willen|kunnen','GM0855','Bedrijfsruimte zoeken in Tilburg',
 'De bedrijfsmakelaar van de gemeente helpt u aan een geschikt pand of kavel.', svc='bedrijfsruimte-advies', tg='mkb', kosten=0))
a(mk('gemeente-zwolle','ZWL-RUIMTE','advies','huisvesting','willen|kunnen','GM0193','Vestigingsloket Zwolle',
 'Zoekt u ruimte om te groeien? Wij kennen de beschikbare panden en kavels.', svc='bedrijfsruimte-advies', tg='mkb', kosten=0))
a(mk('gemeente-leeuwarden','LWD-WINKEL','subsidie','huisvesting|marketing','kunnen','GM0080','Subsidie nieuwe winkel in leeg pand',
 'Bijdrage in huur of verbouwing als u een winkel opent in een leegstaand pand in de binnenstad.', svc='leegstand-subsidie', tg='retail', sect='g|i|s', van='2026-01-01', tot='2026-12-31', structureel=False))
a(mk('gemeente-maastricht','MST-WINKEL','subsidie','huisvesting|marketing','kunnen','GM0935','Huurbijdrage startende winkeliers binnenstad',
 'Het eerste jaar betaalt de gemeente een deel van de huur van uw nieuwe winkel.', svc='leegstand-subsidie', tg='retail', sect='g|i|s', van='2026-01-01', tot='2027-12-31', structureel=False))
a(mk('gemeente-enschede','ENS-HUUR','advies','huisvesting','weten|willen','GM0153','Huurcontract bedrijfsruimte: laat het checken',
 'Gratis check van uw nieuwe huurcontract voor winkel- of kantoorruimte.', svc='huurcontract-check', tg='mkb', kosten=0))
# ---- marketing and sales ----------------------------------------------------------------------
a(mk('webshop-academie','WSA-SOCIAL','training','marketing','kunnen','NL','Social media marketing voor ondernemers',
 'Leer in vier sessies klanten vinden via Instagram, LinkedIn en TikTok.', svc='online-zichtbaar-training', tg='mkb', kosten=295))
a(mk('gemeente-groningen','GRO-DIGIWINKEL','training','marketing|digitalisering','kunnen','GM0014','Online zichtbaar: workshops voor Groningse winkeliers',
 'Gratis workshops over Google Bedrijfsprofiel, webshop en sociale media voor winkels en horeca.', svc='online-zichtbaar-training', tg='retail', sect='g|i', kosten=0))
a(mk('retailplatform-nl','RP-COACH','begeleiding','marketing|strategie','kunnen','NL','Retailcoach voor de zelfstandige winkelier',
 'Een coach helpt met assortiment, prijs, etalage en online verkoop.', svc='retail-coaching', tg='retail', sect='g', kosten=350))
a(mk('groeiwerk-training','GW-VERKOOP','training','marketing','kunnen','NL','Verkopen zonder te pushen',
 'Training voor ondernemers die het lastig vinden om zichzelf en hun prijs te verkopen.', svc='verkoop-training', tg='mkb', kosten=395))
a(mk('ondernemershuis-twente','OHT-MARKETING','advies','marketing','willen','AM05','Marketingspreekuur Twente',
 'Een marketeer kijkt een uur mee naar uw website, doelgroep en aanpak.', svc='marketing-advies', tg='mkb', kosten=0))
# ---- networks and events ----------------------------------------------------------------------
a(mk('ondernemersnetwerk-zuidoost-brabant','ONZB-NET','community','strategie','ontmoeten','AM28','Ondernemerskring Zuidoost-Brabant',
 'Maandelijkse bijeenkomst met een spreker en tafelgesprekken voor ondernemers uit de regio Eindhoven.', svc='ondernemersnetwerk', tg='mkb', kosten=0))
a(mk('gemeente-eindhoven','EHV-NET','community','strategie','ontmoeten','GM0772','Eindhovense Ondernemerstafel',
 'Elk kwartaal ontmoeten ondernemers elkaar en de wethouder in een ander bedrijf.', svc='ondernemersnetwerk', tg='mkb', kosten=0))
a(mk('vrouwen-ondernemen','VO-NET','community','strategie|marketing','ontmoeten','NL','Netwerk vrouwelijke ondernemers',
 'Landelijk netwerk met lokale kringen, mentoring en kennisavonden.', svc='vrouwen-netwerk', tg='vrouwen', kosten=120, kt='Jaarlidmaatschap'))
a(mk('mkb-nederland','MKBNL-DAG','evenement','strategie','ontmoeten|weten','NL','Dag van de Ondernemer',
 'Jaarlijks evenement met workshops en inspiratie voor mkb-ondernemers.', svc='mkb-event', tg='mkb', van='2026-11-20', tot='2026-11-20', structureel=False))
a(mk('ondernemershuis-achterhoek','OHA-NET','community','strategie','ontmoeten','AM09','Achterhoekse Ondernemerskring',
 'Lokale kringen in elke Achterhoekse gemeente waar ondernemers elkaar ontmoeten en helpen.', svc='ondernemersnetwerk', tg='mkb', kosten=0))
a(mk('ondernemershuis-twente','OHT-NET','community','strategie','ontmoeten','AM05','Twentse ondernemerstafels',
 'Kleine groepen ondernemers die elke maand samen hun uitdagingen bespreken.', svc='intervisie', tg='mkb', kosten=0))
a(mk('groeiwerk-training','GW-INTERVISIE','begeleiding','strategie','willen|kunnen','NL','Intervisiegroep voor ondernemers',
 'Online intervisie met zes ondernemers onder leiding van een coach, acht keer per jaar.', svc='intervisie', tg='mkb', kosten=600))
# ---- strategy and growth ----------------------------------------------------------------------
a(mk('kvk','KVK-TOEKOMST','scan','strategie','weten','NL','Toekomstscan voor je bedrijf',
 'Online vragenlijst over markt, team, geld en digitalisering; je krijgt een persoonlijk actieplan.', svc='toekomstscan', tg='mkb', kosten=0))
a(mk('gemeente-zwolle','ZWL-TOEKOMST','advies','strategie','weten|willen','AM36','Toekomstgesprek Regio Zwolle',
 'Een accountmanager bespreekt met u waar uw bedrijf over vijf jaar staat en welke hulp daarbij past.', svc='toekomstscan', tg='mkb', kosten=0))
a(mk('provincie-fryslan','FRL-TOEKOMST','begeleiding','strategie','willen|kunnen','PV21','Koersbepaling Friese mkb',
 'Traject met een adviseur om een nieuwe koers en verdienmodel voor uw bedrijf te kiezen.', svc='koers-traject', tg='gevestigd5', age=5, size='micro|klein|middel', kosten=500))
a(mk('scaleup-noord','SUN-PROG','begeleiding','strategie|financiering','kunnen','PV20|PV21|PV22','Scale-up programma Noord',
 'Eén jaar coaching en netwerk voor snelgroeiende bedrijven met minimaal tien medewerkers.', svc='scaleup-programma', tg='scaleup', minm=10, kosten=2500))
a(mk('rom-utrecht','RU-SCALEUP','begeleiding','strategie|financiering','kunnen','PV26','Scale-up traject Utrecht',
 'Programma voor groeiers: strategie, team en investeringsgereedheid.', svc='scaleup-programma', tg='scaleup', minm=10, kosten=1500))
a(mk('innovationquarter','IQ-SCALEUP','begeleiding','strategie|financiering','kunnen','PV28','Groeiversneller Zuid-Holland',
 'Negen maanden begeleiding voor snelgroeiende techbedrijven naar een volgende financieringsronde.', svc='scaleup-programma', tg='scaleup', minm=10, kosten=0))
a(mk('gemeente-utrecht','UTR-SCALEUP','begeleiding','strategie','kunnen','GM0344','Utrecht Groeit',
 'Begeleiding en netwerk voor Utrechtse bedrijven die snel groeien, vanaf tien medewerkers.', svc='scaleup-programma', tg='scaleup', minm=10, kosten=0))
# ---- sector specific --------------------------------------------------------------------------
a(mk('agrarisch-jong','AJ-JONGEBOER','subsidie','financiering|bedrijfsopvolging','kunnen','NL','Investeringssteun jonge boeren',
 'Subsidie voor boeren onder de 41 die net een bedrijf hebben overgenomen en willen investeren.', svc='jonge-boer', tg='agri', sect='a'))
a(mk('provincie-fryslan','FRL-AGRI-DUURZAAM','subsidie','verduurzaming','kunnen','PV21','Verduurzaming melkveebedrijven Fryslân',
 'Bijdrage in investeringen die uitstoot op het boerenerf verminderen.', svc='agri-duurzaam', tg='agri', sect='a', van='2026-02-01', tot='2026-12-31', structureel=False))
a(mk('land-en-tuinbouw-advies','LTA-BEDRIJFSPLAN','advies','strategie','willen','NL','Toekomstplan voor uw boerderij',
 'Een agrarisch adviseur maakt met u een plan voor de komende tien jaar: groeien, omschakelen of stoppen.', svc='agri-toekomst', tg='agri', sect='a', kosten=0))
a(mk('bouwbranche-nl','BBN-VEILIG','training','regelgeving|arbeidsmarkt','kunnen','NL','VCA en veilig werken op de bouwplaats',
 'Cursus en examen VCA voor medewerkers van kleine bouw- en installatiebedrijven.', svc='vca-training', tg='bouw', sect='f', kosten=250))
a(mk('horecabond','HB-PERSONEEL','advies','arbeidsmarkt|regelgeving','weten|willen','NL','Personeelsvragen horeca',
 'Hulp bij contracten, roosters, oproepkrachten en de cao voor horeca.', svc='horeca-personeel', tg='horeca', sect='i', kosten=0, kt='Gratis voor leden'))
a(mk('zorgondernemers-nl','ZO-REGELS','informatie','regelgeving','weten','NL','Regels voor nieuwe zorgaanbieders',
 'Overzicht van Wtza-melding, kwaliteitseisen en contracteren met gemeenten en zorgverzekeraars.', svc='zorg-regels', tg='zorg', sect='q', kosten=0))
a(mk('logistiek-mkb','LM-ZERO','informatie','verduurzaming|regelgeving','weten','NL','Zero-emissiezones: wat betekent het voor mijn bestelbus?',
 'Uitleg over milieuzones in steden, ontheffingen en subsidie voor een elektrische bus.', svc='ze-zone-info', tg='mkb', kosten=0))
a(mk('rvo','RVO-SEBA','subsidie','verduurzaming','kunnen','NL','Subsidie emissieloze bedrijfsauto',
 'Korting op de aanschaf of lease van een nieuwe elektrische bestelauto.', svc='ebus-subsidie', tg='mkb', van='2026-01-01', tot='2026-12-31', structureel=False))
dump('catalog_part4.json', O)
print(len(O))
