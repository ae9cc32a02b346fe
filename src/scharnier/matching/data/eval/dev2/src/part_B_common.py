"""Shared helpers for the part-B blind dev catalogue (Scharnier dev2). Licence: EUPL-1.2."""

import csv
from pathlib import Path

GEO = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")
REF = "2026-11-30"

COLUMNS = [
    "kenmerk",
    "titel",
    "samenvatting",
    "beschrijving",
    "aanbieder",
    "soort",
    "themas",
    "fasen",
    "ontwikkelrichtingen",
    "grootteklassen",
    "min_medewerkers",
    "max_medewerkers",
    "sectoren",
    "min_bedrijfsleeftijd",
    "gebied",
    "provincies",
    "regios",
    "gemeenten",
    "kosten",
    "kosten_toelichting",
    "kanalen",
    "geldig_vanaf",
    "geldig_tot",
    "structureel",
    "budget",
    "impact_gemeten",
    "impact_toelichting",
    "url",
    "email",
    "telefoon",
    "bron",
    "laatst_gecontroleerd",
]

MULTI = {
    "themas",
    "fasen",
    "ontwikkelrichtingen",
    "grootteklassen",
    "sectoren",
    "provincies",
    "regios",
    "gemeenten",
    "kanalen",
}


def gemeenten_rows():
    with GEO.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def am(code):
    """All municipality codes of one arbeidsmarktregio (from arbeidsmarktregios / gemeenten csv)."""
    codes = sorted(r["gm_code"] for r in gemeenten_rows() if r["am_code"] == code)
    if not codes:
        raise ValueError(code)
    return codes


def split(value):
    if not value:
        return []
    if isinstance(value, str):
        return value.split("|")
    return list(value)


def offer(
    kenmerk,
    aanbieder,
    soort,
    titel,
    samenvatting,
    beschrijving="",
    *,
    themas,
    fasen,
    richtingen="",
    grootte="",
    min_mw=None,
    max_mw=None,
    sectoren="",
    min_leeftijd=None,
    provincies="",
    gemeenten="",
    kosten=None,
    kosten_toel="",
    kanalen="",
    vanaf="2026-01-01",
    tot="",
    structureel=True,
    budget=None,
    impact_toel="",
    url=None,
    email="",
    telefoon="",
    bron="",
    gecontroleerd="2026-11-16",
):
    site = aanbieder.removeprefix("b-")
    provincies = split(provincies)
    gemeenten = split(gemeenten)
    if gemeenten:
        gebied = "gemeente"
    elif provincies:
        gebied = "provincie"
    else:
        gebied = "nationaal"
    row = {
        "kenmerk": kenmerk,
        "titel": titel,
        "samenvatting": samenvatting,
        "beschrijving": beschrijving,
        "aanbieder": aanbieder,
        "soort": soort,
        "themas": split(themas),
        "fasen": split(fasen),
        "ontwikkelrichtingen": split(richtingen),
        "grootteklassen": split(grootte),
        "min_medewerkers": min_mw,
        "max_medewerkers": max_mw,
        "sectoren": split(sectoren),
        "min_bedrijfsleeftijd": min_leeftijd,
        "gebied": gebied,
        "provincies": provincies,
        "regios": [],
        "gemeenten": gemeenten,
        "kosten": kosten,
        "kosten_toelichting": kosten_toel,
        "kanalen": split(kanalen),
        "geldig_vanaf": vanaf,
        "geldig_tot": tot,
        "structureel": "ja" if structureel else "nee",
        "budget": budget,
        "impact_gemeten": "ja" if impact_toel else "nee",
        "impact_toelichting": impact_toel,
        "url": url or f"https://www.example.org/{site}/aanbod/{int(kenmerk[1:])}",
        "email": email or (f"ondernemers@{site}.example.org" if int(kenmerk[1:]) % 3 == 0 else ""),
        "telefoon": telefoon,
        "bron": bron or f"Website aanbieder, {gecontroleerd[:7]}",
        "laatst_gecontroleerd": gecontroleerd,
    }
    # Empty values are written as "" (an empty cell), lists only when they hold values.
    for key, value in row.items():
        if value is None or value == []:
            row[key] = ""
    assert list(row) == COLUMNS
    return row
