"""Part B, provincial/regional/municipal offers in Zeeland, Noord-Brabant and Limburg (B136-). Invented. EUPL-1.2."""

ORGS = {}
OFFERS = []
