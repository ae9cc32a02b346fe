"""The labelled pair set and the detector's measured quality on it (what `make eval` prints)."""

import json
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

import scharnier.demo
from scharnier.landscape.evaluation import (
    HARD_PAIRS_FILE,
    PROPOSALS_DEV_FILES,
    THEME_PAIRS_FILE,
    WRITER_PAIRS_FILE,
    cross_validated,
    evaluate,
    load_pairs,
)

pytestmark = pytest.mark.django_db


def test_labelled_set_shape():
    pairs = load_pairs()
    assert len(pairs) >= 150
    share = sum(p["overlap"] for p in pairs) / len(pairs)
    assert 0.3 <= share <= 0.45
    kinds = {p["kind"] for p in pairs if not p["overlap"]}
    assert kinds == {"instrument", "area", "target", "purpose"}
    other_phase = [
        p
        for p in pairs
        if not p["overlap"] and not set(p["a"]["journey_phases"]) & set(p["b"]["journey_phases"])
    ]
    assert len(other_phase) >= 30
    # Hard negatives share a theme with their partner.
    for p in pairs:
        if not p["overlap"] and p["kind"] != "purpose":
            assert set(p["a"]["themes"]) & set(p["b"]["themes"]), p["id"]


def test_detector_beats_baseline_and_reaches_target(capsys):
    result = evaluate()
    # The pair threshold (0.20) trades precision on this file, whose negatives are the hardest,
    # for recall on the harder dev files (issue 12, session 20): a guard, not the target.
    assert result.detector.f1 >= 0.8 and result.detector.recall >= 0.95
    assert result.detector.f1 > result.baseline.f1
    assert cross_validated().f1 >= 0.8
    call_command("evaluate_overlap")
    out = capsys.readouterr().out
    assert "tfidf-cosine" in out and "detector" in out


def test_hard_dev_pairs_cover_jargon_neighbouring_types_and_regional_copies():
    pairs = load_pairs(HARD_PAIRS_FILE)
    kinds = {(p["kind"], p["overlap"]) for p in pairs}
    for kind in ("jargon", "neighbour", "national-regional"):
        assert (kind, True) in kinds
    assert {"purpose", "target", "area", "period"} <= {p["kind"] for p in pairs if not p["overlap"]}
    result = evaluate(HARD_PAIRS_FILE)
    assert result.pair_count == len(pairs)
    # Date and company-age limits are read: the expired voucher and the starter loan never meet.
    gated = {e["id"]: e for e in result.errors}
    assert "h-period-01" not in gated and "h-target-01" not in gated


def test_theme_dev_pairs_are_printed_and_the_theme_gate_explains_their_misses():
    pairs = load_pairs(THEME_PAIRS_FILE)
    kinds = {(p["kind"], p["overlap"]) for p in pairs}
    assert kinds == {("theme-coding", True), ("detail", True), ("theme-other", False)}
    recoded = {p["id"] for p in pairs if p["kind"] == "theme-coding"}
    assert all(
        not set(p["a"]["themes"]) & set(p["b"]["themes"]) for p in pairs if p["id"] in recoded
    )
    result = evaluate(THEME_PAIRS_FILE)
    assert result.pair_count == len(pairs)
    # The theme stays a gate (evaluation/README.md, session 17): these pairs are never compared.
    missed = {e["id"]: e for e in result.errors if e["overlap"]}
    assert recoded <= set(missed)
    assert not any(missed[i]["compatible"] for i in recoded)


def test_writer_dev_pairs_cover_type_families_two_writers_and_copies():
    pairs = load_pairs(WRITER_PAIRS_FILE)
    kinds = {(p["kind"], p["overlap"]) for p in pairs}
    assert kinds == {
        ("type-family", True),
        ("type-other", False),
        ("writer", True),
        ("writer-other", False),
        ("national-regional", True),
    }
    result = evaluate(WRITER_PAIRS_FILE)
    assert result.pair_count == len(pairs)
    # Offer types of other families stay a gate (evaluation/README.md, session 20).
    missed = {e["id"]: e for e in result.errors if e["overlap"]}
    recoded = {p["id"] for p in pairs if p["kind"] == "type-family"}
    assert recoded <= set(missed)
    assert not any(missed[i]["compatible"] for i in recoded)


def test_dev_proposals_name_demo_offers_and_mix_duplicates_with_new_proposals():
    offers = set()
    for path in (Path(scharnier.demo.__file__).parent / "data" / "offers").glob("*.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        default = data.get("defaults", {}).get("provider")
        for offer in data.get("offer", []):
            offers.add(f"{offer.get('provider', default)}/{offer['id']}")
    harder = json.loads(PROPOSALS_DEV_FILES[1].read_text(encoding="utf-8"))
    assert len(harder) >= 40
    assert sum(1 for p in harder if p["duplicates"]) >= 25
    assert sum(1 for p in harder if not p["duplicates"]) >= 15
    for path in PROPOSALS_DEV_FILES:
        for proposal in json.loads(path.read_text(encoding="utf-8")):
            assert set(proposal["duplicates"]) <= offers, proposal["voorstel"]


def _set_folders(tmp_path):
    """A catalogue folder with one organisation (KvK) and an empty labels folder."""
    catalog, labels = tmp_path / "catalog", tmp_path / "labels"
    catalog.mkdir()
    labels.mkdir()
    (catalog / "organisations.json").write_text(
        json.dumps([{"slug": "kvk", "naam": "KvK", "soort": "publiek"}]), encoding="utf-8"
    )
    return catalog, labels


def test_a_label_folder_with_proposals_only_is_measured_without_pairs(tmp_path, capsys):
    """An extra blind set of proposals (independent2) has no pairs file of its own."""
    catalog, labels = _set_folders(tmp_path)
    offer = {
        "kenmerk": "K1",
        "aanbieder": "kvk",
        "titel": "Gratis advies over uw webshop",
        "samenvatting": "Een adviseur kijkt met u naar uw webshop en uw online verkoop.",
        "soort": "advies",
        "themas": ["digitalisering"],
        "fasen": ["willen"],
        "gebied": "nationaal",
        "url": "https://www.example.org/kvk/k1",
        "bron": "Test",
        "laatst_gecontroleerd": "2026-10-01",
    }
    (catalog / "catalog.json").write_text(json.dumps([offer]), encoding="utf-8")
    proposal = {
        "titel": "Advies voor uw webshop",
        "samenvatting": "Een adviseur kijkt gratis met u naar uw webshop en online verkoop.",
        "soort": "advies",
        "themas": ["digitalisering"],
        "fasen": ["willen"],
        "gebied": "nationaal",
    }
    (labels / "proposals.json").write_text(
        json.dumps(
            [
                {**proposal, "voorstel": "T1", "duplicates": ["kvk/K1"]},
                {
                    **proposal,
                    "voorstel": "T2",
                    "titel": "Cursus lassen",
                    "samenvatting": "Leer lassen in vier avonden.",
                    "themas": ["arbeidsmarkt"],
                    "duplicates": [],
                },
            ]
        ),
        encoding="utf-8",
    )
    call_command("evaluate_overlap", independent=str(catalog), labels=str(labels), title="t2")
    out = capsys.readouterr().out
    assert "paren" not in out  # no pairs file, no pair figures
    line = "Consistentietoets, t2 voorstellen: recall@5 1.000 (1/1 duplicaten), valse alarmen 0/1"
    assert line in out


def test_the_pair_report_counts_what_the_analysis_reports_without_a_label(tmp_path, capsys):
    """The pair F1 counts labelled pairs only; the report also says how many of the analysis's
    pairs over the whole catalogue carry no label (their precision is not measured)."""
    catalog, labels = _set_folders(tmp_path)
    base = {
        "aanbieder": "kvk",
        "soort": "advies",
        "themas": ["digitalisering"],
        "fasen": ["willen"],
        "gebied": "nationaal",
        "bron": "Test",
        "laatst_gecontroleerd": "2026-10-01",
    }
    texts = {
        "K1": ("Gratis advies over uw webshop", "Een adviseur kijkt met u naar uw webshop."),
        "K2": ("Advies over uw webshop, gratis", "Een adviseur bekijkt samen met u uw webshop."),
        "K3": ("Gratis webshopadvies", "Een adviseur kijkt met u naar uw webshop en verkoop."),
        "K4": ("Cursus lassen voor monteurs", "Leer in vier avonden lassen in de werkplaats."),
    }
    offers = [
        {**base, "kenmerk": key, "titel": title, "samenvatting": summary}
        | {"url": f"https://www.example.org/kvk/{key.lower()}"}
        | ({"themas": ["arbeidsmarkt"], "soort": "training"} if key == "K4" else {})
        for key, (title, summary) in texts.items()
    ]
    (catalog / "catalog.json").write_text(json.dumps(offers), encoding="utf-8")
    (labels / "pairs.json").write_text(
        json.dumps(
            [
                {"a": "kvk/K1", "b": "kvk/K2", "overlap": True},
                {"a": "kvk/K1", "b": "kvk/K4", "overlap": False},
            ]
        ),
        encoding="utf-8",
    )
    (labels / "proposals.json").write_text("[]", encoding="utf-8")
    call_command("evaluate_overlap", independent=str(catalog), labels=str(labels), title="t3")
    out = capsys.readouterr().out
    # K1, K2 and K3 say the same thing: three pairs, one of them labelled.
    line = (
        "De analyse over de hele catalogus (4 aanbiedingen) meldt 3 paren: 1 gelabeld overlap, "
        "0 gelabeld geen overlap, 2 zonder label"
    )
    assert line in out, out
