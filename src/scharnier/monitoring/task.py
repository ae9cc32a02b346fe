"""The region's task: estimated broad-SME firms (2-50 working persons) per municipality.

Read from the CBS copies in `monitoring/data/` (see its PROVENANCE.md for source, licence and
method); nothing outside the project is read.
"""

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
ESTABLISHMENTS = DATA / "vestigingen_kwb2021_gemeente2023_2026.csv"
SIZE_CLASSES = DATA / "bedrijven_grootteklasse_nl_2024K2_81588NED_partieel.csv"

# Sector group (column prefix in ESTABLISHMENTS) -> SBI rows of SIZE_CLASSES that make it up.
GROUP_SECTIONS = {
    "a": ("A",),
    "bf": ("B-E", "F"),
    "gi": ("G", "I"),
    "hj": ("H", "J"),
    "kl": ("K", "L"),
    "mn": ("M-N",),
    "oq": ("O-Q",),
    "ru": ("R-U",),
}
COLUMNS = {
    "a": "a_landbouw_bosbouw_visserij",
    "bf": "bf_nijverheid_energie",
    "gi": "gi_handel_horeca",
    "hj": "hj_vervoer_informatie_communicatie",
    "kl": "kl_financiele_diensten_onroerend_goed",
    "mn": "mn_zakelijke_dienstverlening",
    "oq": "oq_overheid_onderwijs_zorg",
    "ru": "ru_cultuur_recreatie_overige_diensten",
}


@lru_cache(maxsize=1)
def broad_sme_shares() -> dict[str, float]:
    """Per sector group: the national share of enterprises with 2-49 working persons."""
    with SIZE_CLASSES.open(encoding="utf-8") as handle:
        rows = {row["sbi_code"]: row for row in csv.DictReader(handle)}
    shares = {}
    for group, sections in GROUP_SECTIONS.items():
        broad = sum(int(rows[s]["afgeleid_wp_0_en_2_tot_50"]) for s in sections)
        total = sum(int(rows[s]["totaal_bedrijven"]) for s in sections)
        shares[group] = broad / total
    return shares


@lru_cache(maxsize=1)
def task_by_municipality() -> dict[str, dict[str, int]]:
    """{municipality code: {sector group: estimated broad-SME firms}}."""
    shares = broad_sme_shares()
    result = {}
    with ESTABLISHMENTS.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            result[row["gm_code"]] = {
                group: round(int(row[column]) * shares[group]) for group, column in COLUMNS.items()
            }
    return result


def task_of(municipality_codes) -> dict[str, int]:
    """Broad-SME firms by sector group, summed over the given municipalities."""
    table = task_by_municipality()
    total = dict.fromkeys(COLUMNS, 0)
    for code in municipality_codes:
        for group, count in table.get(code, {}).items():
            total[group] += count
    return total


# Finer rows of SIZE_CLASSES per sector group, to split a group's task over SBI sections.
# The copy has one row per section except O-Q and R-U, which stay together.
GROUP_PARTS = {
    "a": ("A",),
    "bf": ("B", "C", "D", "E", "F"),
    "gi": ("G", "I"),
    "hj": ("H", "J"),
    "kl": ("K", "L"),
    "mn": ("M", "N"),
    "oq": ("O-Q",),
    "ru": ("R-U",),
}


@lru_cache(maxsize=1)
def part_shares() -> dict[str, tuple[str, float]]:
    """Per SBI row: its sector group and its national share of the group's broad-SME firms."""
    with SIZE_CLASSES.open(encoding="utf-8") as handle:
        rows = {row["sbi_code"]: row for row in csv.DictReader(handle)}
    shares = {}
    for group, parts in GROUP_PARTS.items():
        broad = {p: int(rows[p]["afgeleid_wp_0_en_2_tot_50"]) for p in parts}
        total = sum(broad.values())
        for part, count in broad.items():
            shares[part] = (group, count / total)
    return shares


def task_by_sbi_row(municipality_codes) -> dict[str, int]:
    """Broad-SME firms per SBI row ("A", "B", ..., "O-Q", "R-U") over the municipalities.

    Each sector group's task is split over its rows by the national share of broad-SME firms
    (the municipal figures exist per group only).
    """
    groups = task_of(municipality_codes)
    return {part: round(groups[group] * share) for part, (group, share) in part_shares().items()}
