from common import *
O = []
a = O.append
A = lambda *x, **k: a(mk(*x, **k))
A('kvk','KVK-DIGICOACH','advies','digitalisering','weten|willen','NL','Digicoach: persoonlijk advies over digitaliseren',
  'Een adviseur bespreekt met u welke digitale stap nu het meeste oplevert: boekhouden in de cloud, een webshop, planningssoftware of AI.',
  'Voor kleine bedrijven die niet weten waar ze moeten beginnen met digitaliseren. Gesprek van een uur, online of op locatie, met een kort advies op papier.',
  svc='digi-check', tg='mkb', size='micro|klein', kosten=0, kanalen='online|een-op-een')
A('rvo','RVO-ENERGIEADVIES','advies','verduurzaming','weten|willen','NL','Energiebesparingsadvies voor het kleine mkb',
  'Landelijk gesubsidieerd bezoek van een energieadviseur aan uw bedrijf, met een lijst maatregelen die zich binnen vijf jaar terugverdienen.',
  svc='energiescan', tg='mkb', size='micro|klein', kosten=0, van='2026-01-01', tot='2027-12-31', structureel=False)
A('gemeente-eindhoven','EHV-NETCONG','advies','netcongestie','weten|willen','GM0772','Netcongestiespreekuur Eindhoven',
  'Krijgt u geen zwaardere aansluiting? Een adviseur zoekt met u naar slim schakelen, opslag of samenwerken met de buren.',
  svc='netcongestie-advies', tg='mkb', kosten=0)
A('gemeente-zwolle','ZWL-NET','scan','netcongestie','weten','GM0193','Stroompiekscan Zwolle',
  'Meting van uw stroomverbruik en een advies om pieken af te vlakken, voor Zwolse bedrijven op de wachtlijst van de netbeheerder.',
  svc='netcongestie-advies', tg='mkb', kosten=0)
dump('catalog_part6.json', O)
print(len(O))
