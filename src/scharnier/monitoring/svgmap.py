"""A server-rendered SVG choropleth of the Netherlands from the CBS municipal boundaries.

The boundaries (`geography/data/boundaries`, WGS84) are projected, scaled and simplified once
per process (dropping points closer than about a pixel), which brings the 860 kB file down to a
drawing of a few hundred kB of path data. Classes are shown by colour *and* pattern, and the
legend names each class in words, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.translation import gettext as _

from scharnier.geography import models as geography_models

BOUNDARIES = (
    Path(geography_models.__file__).resolve().parent
    / "data"
    / "boundaries"
    / "gemeenten_2023_2026.geojson"
)
WIDTH = 560
MIN_STEP = 1.2  # px: points closer than this to the previous kept point are dropped


@dataclass(frozen=True)
class MapClass:
    key: str
    label: str
    low: float | None  # percent of the task, inclusive
    high: float | None  # exclusive
    fill: str
    pattern: str  # "", "dots", "lines", "cross"


def classes() -> list[MapClass]:
    return [
        MapClass("c0", _("geen cijfer (te weinig of geen bedrijven bereikt)"), None, None,
                 "#ffffff", "cross"),
        MapClass("c1", _("minder dan 1% van de opgave"), 0, 1, "#e8f1f8", ""),
        MapClass("c2", _("1% tot 2,5% van de opgave"), 1, 2.5, "#a9cbe6", "dots"),
        MapClass("c3", _("2,5% tot 5% van de opgave"), 2.5, 5, "#4f8fc4", "lines"),
        MapClass("c4", _("5% van de opgave of meer"), 5, None, "#154273", "cross-dense"),
    ]  # fmt: skip


def class_of(share: float | None) -> MapClass:
    options = classes()
    if share is None:
        return options[0]
    for option in options[1:]:
        if share >= option.low and (option.high is None or share < option.high):
            return option
    return options[-1]


@lru_cache(maxsize=1)
def shapes() -> tuple[dict[str, str], float]:
    """{municipality code: SVG path data}, and the drawing's height."""
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    lon0, lat0, lon1, lat1 = 3.3, 50.7, 7.25, 53.6
    factor = math.cos(math.radians(52.2))
    scale = WIDTH / ((lon1 - lon0) * factor)
    height = round((lat1 - lat0) * scale, 1)
    paths = {}
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        parts = []
        for polygon in polygons:
            for ring in polygon:
                kept: list[tuple[float, float]] = []
                for lon, lat in ring:
                    x = (lon - lon0) * factor * scale
                    y = (lat1 - lat) * scale
                    if kept and math.hypot(x - kept[-1][0], y - kept[-1][1]) < MIN_STEP:
                        continue
                    kept.append((x, y))
                if len(kept) >= 3:
                    parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        paths[feature["properties"]["gm_code"]] = "".join(parts)
    return paths, height


PATTERNS = """<defs>
<pattern id="{id}-p-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#a9cbe6"/><circle cx="3" cy="3" r="1.1" fill="#154273"/></pattern>
<pattern id="{id}-p-lines" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#4f8fc4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="1.5"/></pattern>
<pattern id="{id}-p-cross" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/><path d="M0,0L8,8M8,0L0,8" stroke="#8a8a8a" stroke-width="0.8"/></pattern>
<pattern id="{id}-p-cross-dense" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#154273"/><path d="M0,0L5,5M5,0L0,5" stroke="#ffffff" stroke-width="0.6"/></pattern>
</defs>"""  # noqa: E501


def _fill(option: MapClass, map_id: str) -> str:
    # Pattern ids carry the map's id: a page shows two maps, and ids must be unique.
    return f"url(#{map_id}-p-{option.pattern})" if option.pattern else option.fill


def render(
    *, map_id: str, title: str, description: str, shares: dict[str, tuple[str, float | None]]
) -> str:
    """An SVG, then its legend: `shares` maps municipality code to (label for its <title>,
    percent or None)."""
    areas = {}
    for code, (label, share) in shares.items():
        value = _("geen cijfer") if share is None else f"{share:.1f}%".replace(".", ",")
        areas[code] = (f"{label}: {value}", class_of(share))
    return render_classes(
        map_id=map_id,
        title=title,
        description=description,
        areas=areas,
        legend=classes(),
        missing=(_("geen cijfer"), classes()[0]),
    )


def render_classes(
    *,
    map_id: str,
    title: str,
    description: str,
    areas: dict[str, tuple[str, MapClass]],
    legend: list[MapClass],
    missing: tuple[str, MapClass],
) -> str:
    """An SVG where each municipality has a class, then the legend: `areas` maps municipality
    code to (text for its <title>, class); a municipality not in it gets `missing`.

    The legend is HTML, not part of the drawing: the drawing scales down with the screen, and
    on a phone text inside it would shrink to a few pixels; as HTML it keeps the page's size
    (and screen readers read it, which they do not inside a role="img")."""
    paths, height = shapes()
    body = []
    for code, path in paths.items():
        text, option = areas.get(code, (f"{code}: {missing[0]}", missing[1]))
        body.append(
            f'<path d="{path}" fill="{_fill(option, map_id)}" stroke="#555" stroke-width="0.3">'
            f"<title>{escape(text)}</title></path>"
        )
    items = []
    for option in legend:
        items.append(
            '<li><svg class="map-legend__swatch" width="24" height="18" viewBox="0 0 24 18" '
            'aria-hidden="true" focusable="false">'
            f'<rect x="0.5" y="0.5" width="23" height="17" fill="{_fill(option, map_id)}" '
            f'stroke="#333" stroke-width="1"/></svg>{escape(option.label)}</li>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height + 10}" '
        f'role="img" aria-labelledby="{map_id}-title {map_id}-desc" class="choropleth">'
        f'<title id="{map_id}-title">{escape(title)}</title>'
        f'<desc id="{map_id}-desc">{escape(description)}</desc>'
        f"{PATTERNS.replace('{id}', map_id)}"
        f'<g class="areas">{"".join(body)}</g>'
        "</svg>"
        f'<figcaption class="map-legend"><p class="map-legend__title">{escape(_("Legenda"))}</p>'
        f'<ul class="map-legend__list">{"".join(items)}</ul></figcaption>'
    )
