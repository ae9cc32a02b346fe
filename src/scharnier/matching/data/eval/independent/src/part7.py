from common import *
O = []
a = O.append
A = lambda *x, **k: a(mk(*x, **k))
A('ondernemershuis-twente','OHT-GROEI5','begeleiding','strategie|marketing','willen|kunnen','AM05','Groeitraject voor gevestigde ondernemers',
  'Zes maanden coaching en intervisie voor Twentse bedrijven die minstens vijf jaar bestaan en een volgende stap willen zetten.',
  svc='groei-coaching', tg='gevestigd5', age=5, kosten=350)
A('energieloket-brabant','ELB-AUDIT','advies','verduurzaming','weten|willen','PV30','Energie-audit voor grotere bedrijven',
  'Uitgebreide energie-audit voor Brabantse bedrijven met 50 of meer medewerkers, inclusief verplichte rapportage.',
  svc='energiescan', tg='mkb', size='middel|groot', kosten=2500, kt='Na subsidie')
A('groeiwerk-training','GW-LEIDING-MIDDEL','training','arbeidsmarkt|strategie','kunnen','PV28','Managementteam in balans',
  'Leiderschapsprogramma voor directie en managers van middelgrote bedrijven (50-250 medewerkers) in Zuid-Holland.',
  svc='leiderschap-training', tg='mkb', size='middel', kosten=3500)
A('opvolgpunt','OP-KOPER','scan','bedrijfsopvolging','weten|willen','NL','Overnamecheck voor kopers',
  'Wilt u een bestaand bedrijf kopen? Test of u er klaar voor bent en wat u moet uitzoeken voordat u een bod doet.',
  svc='overnemer-check', tg='overnemer', kosten=0)
A('agrarisch-jong','AJ-ZWAARWEER','advies','zwaar-weer','willen|kunnen','NL','Boer in zwaar weer: vertrouwelijk gesprek',
  'Voor agrariërs met geldproblemen, stress of onzekerheid over de toekomst van het bedrijf.',
  svc='agri-zwaarweer', tg='agri', sect='a', kosten=0)
A('gemeente-amsterdam','ASD-HORECA-ENERGIE','subsidie','verduurzaming','kunnen','GM0363','Energiesubsidie Amsterdamse horeca 2025',
  'Bijdrage voor energiezuinige keukenapparatuur in de horeca. Regeling liep tot 1 september 2025.',
  svc='horeca-energie-subsidie', tg='horeca', sect='i', van='2025-01-01', tot='2025-09-01', structureel=False)
A('stichting-mkb-vooruit','SMV-ZZP-BUFFER','informatie','financiering|zwaar-weer','weten','NL','Buffer en pensioen voor zzp\'ers',
  'Online gids: hoeveel geld moet u opzij zetten voor belasting, ziekte en later?',
  svc='zzp-buffer-info', tg='zzp', size='micro', kosten=0)
A('kvk','KVK-HUUR','informatie','huisvesting|regelgeving','weten','NL','Huurt u een bedrijfspand? Uw rechten en plichten',
  'Uitleg over huurcontracten voor winkel- en kantoorruimte: opzegtermijn, huurverhoging en onderhoud.',
  svc='huur-info', tg='mkb', kosten=0)
dump('catalog_part7.json', O)
print(len(O))
