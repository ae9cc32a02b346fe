import json
N = {
 'afvalfonds-mkb': ('Afvalfonds voor het mkb', 'stichting'), 'agrarisch-jong': ('Agrarisch Jong', 'branche'),
 'arbo-mkb': ('Arbo MKB Advies', 'particulier'), 'belastingdienst': ('Belastingdienst', 'rijk'), 'bom': ('BOM Brabantse Ontwikkelings Maatschappij', 'rom'),
 'bouwbranche-nl': ('Bouwbranche Nederland', 'branche'), 'cashflowacademie': ('De Cashflowacademie', 'particulier'), 'circulair-fryslan': ('Circulair Fryslân', 'netwerk'),
 'circulaire-bouw': ('Platform Circulaire Bouw', 'netwerk'), 'crowdfund-wijzer': ('Crowdfundwijzer', 'stichting'), 'cyberveilig-mkb': ('Cyberveilig MKB', 'stichting'),
 'digitaal-sterk-rotterdam': ('Digitaal Sterk Rotterdam', 'netwerk'), 'duurzaam-ondernemen-utrecht': ('Duurzaam Ondernemen Utrecht', 'netwerk'),
 'edih-oost': ('European Digital Innovation Hub Oost', 'netwerk'), 'edih-zuid': ('European Digital Innovation Hub Zuid', 'netwerk'),
 'energieloket-brabant': ('Energieloket Brabant', 'regionaal-loket'), 'exportcoach-zuid': ('Exportcoach Zuid', 'particulier'),
 'familiebedrijven-nl': ('Vereniging Familiebedrijven NL', 'branche'), 'financieringsloket-gelderland': ('Financieringsloket Gelderland', 'regionaal-loket'),
 'groeiwerk-training': ('GroeiWerk Training & Coaching', 'particulier'), 'hogeschool-zuyd-lab': ('Praktijklab Hogeschool Zuid-Limburg', 'onderwijs'),
 'horecabond': ('Horecabond', 'branche'), 'horizon-flevoland': ('Horizon Flevoland', 'rom'), 'hr-punt-brabant': ('HR-punt Brabant', 'regionaal-loket'),
 'impuls-zeeland': ('Impuls Zeeland', 'rom'), 'innovationquarter': ('InnovationQuarter', 'rom'), 'juridisch-loket-ondernemers': ('Juridisch Loket voor Ondernemers', 'stichting'),
 'klimaatplein-limburg': ('Klimaatplein Limburg', 'regionaal-loket'), 'kvk': ('Kamer van Koophandel', 'rijk'), 'land-en-tuinbouw-advies': ('Land- en Tuinbouw Advies', 'particulier'),
 'leerwerkloket-rijnmond': ('Leerwerkloket Rijnmond', 'regionaal-loket'), 'leerwerkloket-twente': ('Leerwerkloket Twente', 'regionaal-loket'),
 'leerwerkloket-zuid-limburg': ('Leerwerkloket Zuid-Limburg', 'regionaal-loket'), 'lim': ('LIM Limburgse Investeringsmaatschappij', 'rom'),
 'logistiek-mkb': ('Logistiek MKB', 'branche'), 'mkb-nederland': ('MKB-Nederland', 'branche'), 'mkb-werkplaats-brabant': ('Digitale Werkplaats Brabant', 'onderwijs'),
 'mkb-werkplaats-groningen': ('Digitale Werkplaats Groningen-Drenthe', 'onderwijs'), 'mkb-werkplaats-twente': ('Digitale Werkplaats Twente', 'onderwijs'),
 'mkb-werkplaats-utrecht': ('Digitale Werkplaats Utrecht', 'onderwijs'), 'netbewust-gelderland': ('Netbewust Gelderland', 'netwerk'),
 'nom': ('NOM Noordelijke Ontwikkelingsmaatschappij', 'rom'), 'octrooicentrum': ('Octrooicentrum', 'rijk'), 'ondernemen-in-balans': ('Stichting Ondernemen in Balans', 'stichting'),
 'ondernemershuis-achterhoek': ('Ondernemershuis Achterhoek', 'regionaal-loket'), 'ondernemershuis-flevoland': ('Ondernemershuis Flevoland', 'regionaal-loket'),
 'ondernemershuis-twente': ('Ondernemershuis Twente', 'regionaal-loket'), 'ondernemersklankbord': ('Ondernemersklankbord', 'stichting'),
 'ondernemersnetwerk-zuidoost-brabant': ('Ondernemersnetwerk Zuidoost-Brabant', 'netwerk'), 'ondernemersplein-limburg': ('Ondernemersplein Limburg', 'regionaal-loket'),
 'ondernemersvereniging-tilburg': ('Ondernemersvereniging Tilburg', 'netwerk'), 'oost-nl': ('Oost NL', 'rom'), 'opvolgpunt': ('OpvolgPunt', 'particulier'),
 'politie-ondernemersloket': ('Politie, loket voor ondernemers', 'rijk'), 'privacy-mkb': ('Privacy voor het MKB', 'particulier'),
 'provincie-fryslan': ('Provinsje Fryslân', 'provincie'), 'provincie-gelderland': ('Provincie Gelderland', 'provincie'), 'provincie-groningen': ('Provincie Groningen', 'provincie'),
 'provincie-limburg': ('Provincie Limburg', 'provincie'), 'provincie-noord-brabant': ('Provincie Noord-Brabant', 'provincie'), 'provincie-noord-holland': ('Provincie Noord-Holland', 'provincie'),
 'provincie-overijssel': ('Provincie Overijssel', 'provincie'), 'provincie-utrecht': ('Provincie Utrecht', 'provincie'), 'provincie-zeeland': ('Provincie Zeeland', 'provincie'),
 'provincie-zuid-holland': ('Provincie Zuid-Holland', 'provincie'), 'qredits': ('Qredits Microfinanciering', 'stichting'), 'retailplatform-nl': ('Retailplatform NL', 'branche'),
 'rom-utrecht': ('ROM Utrecht Region', 'rom'), 'rvo': ('Rijksdienst voor Ondernemend Nederland', 'rijk'), 'scaleup-noord': ('ScaleUp Noord', 'netwerk'),
 'stichting-mkb-vooruit': ('Stichting MKB Vooruit (bankenfonds)', 'stichting'), 'stichting-ondernemersgeld': ('Stichting Ondernemersgeld', 'stichting'),
 'stichting-zakelijk-herstel': ('Stichting Zakelijk Herstel', 'stichting'), 'techniekplatform': ('Techniekplatform', 'branche'), 'uwv-werkgevers': ('UWV Werkgeversdienstverlening', 'rijk'),
 'vrouwen-ondernemen': ('Vrouwen Ondernemen', 'netwerk'), 'webshop-academie': ('Webshop Academie', 'particulier'), 'wsp-groot-amsterdam': ('Werkgeversservicepunt Groot Amsterdam', 'regionaal-loket'),
 'wsp-midden-utrecht': ('Werkgeversservicepunt Midden-Utrecht', 'regionaal-loket'), 'wsp-rijnmond': ('Werkgeversservicepunt Rijnmond', 'regionaal-loket'),
 'wsp-twente': ('Werkgeversservicepunt Twente', 'regionaal-loket'), 'wsp-zuid-limburg': ('Werkgeversservicepunt Zuid-Limburg', 'regionaal-loket'),
 'zorgondernemers-nl': ('Zorgondernemers NL', 'branche'),
}
c = json.load(open('../catalog.json')); p = json.load(open('../proposals.json'))
used = {o['aanbieder'] for o in c} | {o['aanbieder'] for o in p}
for s in sorted(used):
    if s not in N and s.startswith('gemeente-'):
        N[s] = ('Gemeente ' + ' '.join(w.capitalize() for w in s[9:].split('-')).replace('Den Haag', "Den Haag ('s-Gravenhage)"), 'gemeente')
missing = used - set(N); assert not missing, missing
json.dump([{'slug': s, 'naam': N[s][0], 'soort': N[s][1]} for s in sorted(used)], open('../organisations.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
print(len(used))
