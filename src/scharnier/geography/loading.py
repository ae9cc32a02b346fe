"""Loads the CBS geography shipped in `data/` (CC BY 4.0, Bron: CBS)."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
BOUNDARIES_DIR = DATA_DIR / "boundaries"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_cbs_geography(province_model, corop_model, labour_market_model, municipality_model) -> int:
    """Create or update provinces, COROP areas, labour-market regions and municipalities.

    Takes the model classes so that a data migration can pass its historical models.
    Returns the number of municipalities.
    """
    provinces = {}
    for row in _rows("provincies.csv"):
        provinces[row["code"]], _ = province_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["naam"]}
        )
    corops = {}
    for row in _rows("corop_gebieden.csv"):
        corops[row["code"]], _ = corop_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["naam"]}
        )
    labour_markets = {}
    for row in _rows("arbeidsmarktregios.csv"):
        labour_markets[row["code"]], _ = labour_market_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["naam"]}
        )
    rows = _rows("gemeenten_2023_2026.csv")
    for row in rows:
        municipality_model.objects.update_or_create(
            code=row["gm_code"],
            defaults={
                "name": row["gm_naam"],
                "province": provinces[row["pv_code"]],
                "corop_area": corops[row["cr_code"]],
                "labour_market_region": labour_markets[row["am_code"]],
                "population": int(row["inwoners_2024"]) if row["inwoners_2024"] else None,
                "land_area_ha": int(row["oppervlakte_land_ha_2024"])
                if row["oppervlakte_land_ha_2024"]
                else None,
            },
        )
    return len(rows)
