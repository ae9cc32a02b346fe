"""Vega-Lite specs of the dashboard charts (progressive enhancement: each chart repeats a table
that is on the page anyway). Only published, protected values go in; hidden ones are left out.
"""

from django.utils.translation import gettext as _

from scharnier.core.templatetags.core_format import half_year

from .queries import Dashboard

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Numbers on the axes as Dutch readers write them: 1.000 and 2,5. Axes and legends stay out of
# the accessibility tree: Vega describes them in English ("X-axis titled ... for a linear
# scale"); the chart's own Dutch description and the table beside it tell the same.
DUTCH = {
    "locale": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
    },
    "axis": {"aria": False},
    "legend": {"aria": False},
}


def funnel(board: Dashboard) -> dict:
    stages = [board.figures[c] for c in ("firms-reached", "firms-activated", "firms-supported")]
    return {
        "$schema": SCHEMA,
        "config": DUTCH,
        "description": _("Trechter: bereikt, geactiveerd, ondersteund."),
        "width": "container",
        "height": 140,
        "data": {
            "values": [
                {"fase": f.name, "bedrijven": f.value} for f in stages if f.value is not None
            ]
        },
        "mark": {"type": "bar", "color": "#154273"},
        "encoding": {
            "y": {"field": "fase", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "bedrijven", "type": "quantitative", "title": _("bedrijven")},
        },
    }


def trajectory(board: Dashboard) -> dict:
    values = []
    # The half-years in words on the axis, as in the table ("eerste halfjaar 2026").
    labels = [str(half_year(point.period.label)) for point in board.trajectory]
    for label, point in zip(labels, board.trajectory, strict=True):
        values.append({"halfjaar": label, "reeks": _("doel"), "bedrijven": point.expected})
        if point.cumulative.value is not None:
            values.append(
                {"halfjaar": label, "reeks": _("bereikt"), "bedrijven": point.cumulative.value}
            )
    return {
        "$schema": SCHEMA,
        "config": DUTCH,
        "description": _("Bereikte bedrijven opgeteld, naast de lijn naar het doel in 2028."),
        "width": "container",
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "halfjaar",
                "type": "ordinal",
                "title": _("halfjaar"),
                "sort": labels,
                # Level, on two lines ("eerste halfjaar" / "2026"): turned upright they were
                # hard to read on a phone. Labels that do not fit are left out; the table
                # beside the chart has them all.
                "axis": {
                    "labelAngle": 0,
                    "labelOverlap": True,
                    "labelExpr": (
                        "[slice(datum.label, 0, lastindexof(datum.label, ' ')),"
                        " slice(datum.label, lastindexof(datum.label, ' ') + 1)]"
                    ),
                },
            },
            "y": {"field": "bedrijven", "type": "quantitative", "title": _("bedrijven")},
            # Above the chart: beside it, it takes a third of a phone's width.
            "color": {
                "field": "reeks",
                "type": "nominal",
                "title": None,
                "legend": {"orient": "top"},
            },
            "strokeDash": {"field": "reeks", "type": "nominal", "title": None},
        },
    }


def specs(board: Dashboard) -> dict[str, dict]:
    return {"funnel": funnel(board), "trajectory": trajectory(board)}
