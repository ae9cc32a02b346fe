"""The consistency test weighs target group, area and period, and says why for each hit."""

import csv
import dataclasses
import datetime
import math
import re
from pathlib import Path

import numpy as np
import pytest

from scharnier import monitoring
from scharnier.catalog.models import (
    JourneyPhase,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.core import embeddings
from scharnier.geography.models import Municipality, Province
from scharnier.geography.queries import place_name_stripper
from scharnier.landscape import features, overlap, services, views
from scharnier.matching.services import compute_offer_embeddings
from tests.factories import make_offer

pytestmark = pytest.mark.django_db

# Employee bounds of the size classes as the vocabulary defines them (EU 2003/361).
SIZES = {"micro": (0, 9), "klein": (10, 49), "middel": (50, 249), "groot": (250, math.inf)}
SUMMARY = "Ondernemers krijgen de helft van de kosten terug voor een webshop of nieuwe software."


def _offer(title, summary=SUMMARY, offer_type=None, **fields):
    return make_offer(
        title=title,
        summary=summary,
        offer_type=offer_type or OfferType.objects.get(code="subsidie"),
        themes=list(Theme.objects.filter(code="digitalisering")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.PROVINCE,
        provinces=[Province.objects.get(code="PV26")],
        **fields,
    )


def _check(title, summary=SUMMARY, **extra):
    data = services.clean_proposal(
        {
            "title": title,
            "summary": summary,
            "offer_type": "subsidie",
            "themes": ["digitalisering"],
            "journey_phases": ["kunnen"],
            "scope_level": "provincie",
            "provinces": ["PV26"],
            **extra,
        }
    )
    _verdict, result = services.evaluate_proposal(data)
    return result["overlaps"]


def _found(title, summary=SUMMARY, **extra) -> set[str]:
    """The public ids of the offers the consistency test finds for this proposal."""
    return {h["offer"] for h in _check(title, summary, **extra)}


def test_a_different_target_group_or_period_is_no_duplicate_and_hits_say_why():
    established = _offer("Webshopsubsidie voor gevestigde bedrijven", min_company_age_years=5)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    _offer("Webshopsubsidie 2023", valid_from=datetime.date(2023, 1, 1), valid_until=yesterday)

    hits = _check("Webshopsubsidie Utrecht", min_company_age_years=5)
    assert [h["offer"] for h in hits] == [str(established.public_id)]  # the expired one is not
    reasons = " ".join(hits[0]["reasons"])
    assert "Zelfde thema" in reasons and "Zelfde doelgroep" in reasons
    assert "gemeenten samen" in reasons  # the shared area is named

    starters = _check(
        "Webshopsubsidie voor starters", summary=f"Voor starters in hun eerste jaar. {SUMMARY}"
    )
    assert starters == []


def test_an_offer_for_part_of_the_target_group_weighs_less_and_says_so():
    same = _offer("Webshopsubsidie voor iedereen")
    small = _offer(
        "Webshopsubsidie voor kleine bedrijven",
        size_classes=list(SizeClass.objects.filter(code="klein")),
    )
    hits = {h["offer"]: h for h in _check("Webshopsubsidie Utrecht")}
    full, part = hits[str(same.public_id)], hits[str(small.public_id)]
    assert "Zelfde doelgroep" in " ".join(full["reasons"])
    # The offer for firms of 10-49 reaches a small part of the proposal's firms: lower, and
    # it says so.
    assert part["score"] < full["score"]
    assert "Doelgroep deels gelijk" in " ".join(part["reasons"])
    assert "Zelfde doelgroep" not in " ".join(part["reasons"])


def test_an_offer_written_for_one_sector_is_no_copy_of_a_proposal_for_all():
    horeca = SbiSection.objects.filter(code="i")
    for_horeca = _offer("Webshopsubsidie voor horecazaken", sbi_sections=list(horeca))
    # Coded for a few sectors but written for every firm: the coding is the provider's
    # list of likely sectors, so it stays a hit (weighed less).
    coded_only = _offer(
        "Webshopsubsidie Utrecht", sbi_sections=list(SbiSection.objects.filter(code="g"))
    )
    general = _found("Webshopsubsidie voor bedrijven in Utrecht")
    assert str(for_horeca.public_id) not in general
    assert str(coded_only.public_id) in general
    # A proposal that leaves the sector open but names the horeca in its text is for the
    # horeca: the horeca offer is its duplicate, with the same target group.
    named = {h["offer"]: h for h in _check("Webshopsubsidie voor restaurants en cafés")}
    assert "Zelfde doelgroep" in " ".join(named[str(for_horeca.public_id)]["reasons"])
    # So is a proposal whose sector field says so.
    fields = _found("Webshopsubsidie", sbi_sections=["i"])
    assert str(for_horeca.public_id) in fields


def test_sectors_and_company_age_are_read_from_the_text_when_the_fields_are_open():
    assert overlap.sectors_named("Energiescan voor horecazaken") == {"i"}
    assert overlap.sectors_named("Hoort uw fabriek bij de grootste uitstoters?") == {"c"}
    assert overlap.sectors_named("Voor winkeliers en bouwbedrijven") == {"g", "f"}
    # A word for every sector, a worry ("zorgen") or a building ("gebouw") names none.
    assert overlap.sectors_named("Voor alle sectoren: van winkel tot fabriek") == frozenset()
    assert overlap.sectors_named("Geldzorgen over de opbouw van uw gebouw?") == frozenset()
    assert overlap.min_age_named("Bestaat uw bedrijf minstens tien jaar?") == 10
    assert overlap.min_age_named("Voor bedrijven die al 5 jaar bestaan") == 5
    assert overlap.min_age_named("U werkt al tien jaar in de bouw") is None
    assert overlap.for_starters("Risicokapitaal voor jonge Brabantse bedrijven")
    assert not overlap.for_starters("Een netwerk voor jonge ondernemers")


def test_help_for_the_self_employed_is_no_copy_of_help_for_a_firms_employees():
    for_staff = _offer(
        "Webshopcursus voor uw medewerkers",
        summary="Medewerkers leren een webshop bijhouden; de werkgever krijgt de kosten terug.",
    )
    zzp = _found(
        "Webshopcursus voor zzp'ers",
        summary="Zzp'ers leren een webshop bijhouden en krijgen de kosten terug.",
    )
    assert str(for_staff.public_id) not in zzp
    # A proposal for the self-employed who take on staff is for firms with staff too.
    hiring = _found(
        "Webshopcursus voor zzp'ers met een eerste medewerker",
        summary="Medewerkers leren een webshop bijhouden; de werkgever krijgt de kosten terug.",
    )
    assert str(for_staff.public_id) in hiring
    assert overlap.for_self_employed("Netwerk digitale veiligheid voor zzp'ers")
    assert not overlap.for_self_employed("Van zzp naar werkgever")
    assert overlap.for_employees("Gratis ontwikkeladvies voor uw medewerkers")
    assert not overlap.for_employees("Hulp bij het vinden van personeel")


def test_a_subsidy_for_another_measure_under_the_same_theme_is_no_copy():
    heat_pump = _offer(
        "Subsidie voor een warmtepomp of zonneboiler",
        summary="Een vast bedrag als u op uw bedrijfspand een warmtepomp of zonneboiler neemt.",
    )
    general = _offer(
        "Subsidie om uw bedrijfspand te verduurzamen",
        summary="Een vast bedrag als u uw bedrijfspand duurzamer maakt.",
    )
    summary = "Een vast bedrag als u op uw bedrijfspand een groen dak neemt."
    roof = _found("Subsidie voor een groen dak", summary=summary)
    assert str(heat_pump.public_id) not in roof
    assert str(general.public_id) in roof  # a title without a measure keeps the hit
    pump = _found("Subsidie voor warmtepompen", summary=summary)
    assert str(heat_pump.public_id) in pump  # one measure the same is enough
    assert overlap.measures_named("Omscholing tot laadpaalmonteur") == {"charging"}
    assert overlap.measures_named("Een accurate administratie") == frozenset()


def test_a_proposal_for_established_firms_is_no_copy_of_one_for_young_firms():
    young = _offer("Webshopsubsidie voor jonge bedrijven")
    hits = _check(
        "Webshopsubsidie voor gevestigde bedrijven",
        summary=f"Bestaat uw bedrijf minstens tien jaar? {SUMMARY}",
    )
    assert str(young.public_id) not in {h["offer"] for h in hits}
    assert str(young.public_id) in _found("Webshopsubsidie Utrecht")


def test_starters_are_read_from_more_than_the_word_starter():
    starters = _offer(
        "Startersubsidie webshop",
        summary="Starters krijgen de helft van de kosten terug voor een webshop.",
    )
    hits = _check(
        "Webshopsubsidie",
        summary="Beginnende zzp'ers krijgen voor hun start de helft van de kosten van een "
        "webshop terug.",
    )
    hit = next(h for h in hits if h["offer"] == str(starters.public_id))
    assert "Zelfde doelgroep" in " ".join(hit["reasons"])  # both are for starters
    for text in (
        "Startende creatieve ondernemers",
        "Voor bedrijven die net begonnen zijn",
        "Een lening voor uw start",
    ):
        assert overlap.for_starters(text), text
    for text in ("Bij de start van het project", "Een nieuwe start na een faillissement"):
        assert not overlap.for_starters(text), text


def test_share_of_area_and_target_reached():
    everywhere = overlap.OfferFeatures(
        key=1, text="", themes=frozenset({"x"}), phases=frozenset(), offer_type="subsidie",
        scope_level="landelijk", coverage=None,
    )  # fmt: skip
    two = overlap.OfferFeatures(
        key=2, text="", themes=frozenset({"x"}), phases=frozenset(), offer_type="subsidie",
        scope_level="gemeente", coverage=frozenset({"GM1", "GM2"}), min_company_age=5,
    )  # fmt: skip
    four = overlap.OfferFeatures(
        key=3, text="voor starters", themes=frozenset({"x"}), phases=frozenset(),
        offer_type="subsidie", scope_level="gemeente",
        coverage=frozenset({"GM1", "GM2", "GM3", "GM4"}),
    )  # fmt: skip
    assert overlap.area_share(four, everywhere, 300) == 1.0
    assert overlap.area_share(four, two, 300) == 0.5
    assert overlap.area_share(everywhere, two, 300) == pytest.approx(2 / 300)
    # Starters (younger than 3) are not reached by an offer for firms of 5 years and older.
    assert overlap.target_share(four, two, SIZES, 21) == 0.0
    assert overlap.target_share(two, everywhere, SIZES, 21) == 1.0
    assert overlap.reach_penalty(1.0, 1.0) == 0.0 < overlap.reach_penalty(0.5, 1.0)


def test_e5_columns_join_the_semantic_similarity_when_the_vectors_carry_them():
    dim = embeddings.DIM
    a = np.zeros((1, dim + 4), dtype=np.float32)
    b = np.zeros((1, dim + 4), dtype=np.float32)
    a[0, 0] = b[0, 0] = 1.0  # the shared model: identical
    a[0, dim] = 1.0
    b[0, dim + 1] = 1.0  # e5: orthogonal
    shared_only = overlap.semantic_similarity(a[:, :dim], b[:, :dim], pairwise=True)
    mixed = overlap.semantic_similarity(a, b, pairwise=True)
    assert shared_only[0] == pytest.approx(1.0)
    assert mixed[0] < shared_only[0]
    assert overlap.semantic_similarity(a, b)[0, 0] == pytest.approx(mixed[0])


def test_an_offer_under_another_theme_counts_only_when_its_text_says_the_same_help():
    _offer("Webshopsubsidie")
    coded_apart = make_offer(
        title="Webshopsubsidie",
        summary=SUMMARY,
        offer_type=OfferType.objects.get(code="voucher"),
        themes=list(Theme.objects.filter(code="marketing")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.NATIONAL,
    )
    make_offer(  # another theme and other help: never a hit
        title="Training social media",
        summary="Leer in twee avonden hoe u met Instagram en LinkedIn meer klanten bereikt.",
        offer_type=OfferType.objects.get(code="training"),
        themes=list(Theme.objects.filter(code="marketing")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.NATIONAL,
    )
    compute_offer_embeddings()

    hits = _check("Webshopsubsidie")

    assert [h["shared_themes"] for h in hits] == [["digitalisering"], []]
    apart = hits[1]
    assert apart["offer"] == str(coded_apart.public_id)
    assert apart["score"] >= overlap.CODED_APART_THRESHOLD
    assert any("ander thema" in r and "Marketing" in r for r in apart["reasons"]), apart["reasons"]


def test_an_offer_coded_apart_with_a_less_close_text_is_no_hit():
    make_offer(
        title="Voucher online zichtbaarheid",
        summary="Een bijdrage in de kosten van een adviseur die uw bedrijf beter vindbaar maakt.",
        offer_type=OfferType.objects.get(code="voucher"),
        themes=list(Theme.objects.filter(code="marketing")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.NATIONAL,
    )
    compute_offer_embeddings()

    assert _check("Webshopsubsidie") == []


def test_size_classes_weigh_by_the_firms_they_hold():
    def offer(sizes):
        return overlap.OfferFeatures(
            key=1, text="", themes=frozenset({"x"}), phases=frozenset(), offer_type="subsidie",
            scope_level="landelijk", coverage=None, size_classes=frozenset(sizes),
        )  # fmt: skip

    everyone = offer([])
    # Micro and small firms are nearly all firms; medium and large ones almost none.
    assert overlap.target_share(everyone, offer(["micro", "klein"]), SIZES, 21) > 0.95
    assert overlap.target_share(everyone, offer(["middel", "groot"]), SIZES, 21) < 0.05
    assert overlap.target_share(offer(["middel"]), offer(["middel", "groot"]), SIZES, 21) == 1.0
    assert overlap.target_share(offer(["klein", "middel"]), offer(["micro"]), SIZES, 21) == 0.0


def _sized(sizes=(), low=None, high=None):
    return overlap.OfferFeatures(
        key=1, text="", themes=frozenset({"x"}), phases=frozenset(), offer_type="subsidie",
        scope_level="landelijk", coverage=None, size_classes=frozenset(sizes),
        min_employees=low, max_employees=high,
    )  # fmt: skip


def test_the_firm_size_model_follows_the_cbs_counts():
    # CBS StatLine 81588NED 2024 Q2 (the copy the monitoring app ships), all activities.
    path = (
        Path(monitoring.__file__).parent
        / "data"
        / ("bedrijven_grootteklasse_nl_2024K2_81588NED_partieel.csv")
    )
    with path.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["sbi_code"] == "A-U")
    total = int(row["totaal_bedrijven"])
    cbs = {
        2: 1 - int(row["wp_1"]) / total,
        50: (int(row["afgeleid_wp_50_tot_250"]) + int(row["afgeleid_wp_250_of_meer"])) / total,
        250: int(row["afgeleid_wp_250_of_meer"]) / total,
    }
    for persons, share in cbs.items():
        assert overlap.firms_at_least(persons) == pytest.approx(share, rel=0.1)


def test_employee_ranges_weigh_by_the_firms_they_hold():
    everyone = _sized()
    # An offer from 10 employees reaches a few percent of a proposal for every firm ...
    assert 0.02 < overlap.target_share(everyone, _sized(low=10), SIZES, 21) < 0.05
    # ... 10-19 about two thirds of a proposal for 10-49, and all of a proposal for 12-15.
    assert (
        0.55
        < overlap.target_share(_sized(low=10, high=49), _sized(low=10, high=19), SIZES, 21)
        < 0.7
    )
    assert overlap.target_share(_sized(low=12, high=15), _sized(low=10, high=19), SIZES, 21) == 1.0
    # Size classes and employee limits combine: small firms (10-49) with at most 9 employees: none.
    assert overlap.target_share(_sized(["klein"]), _sized(high=9), SIZES, 21) == 0.0
    # Up to 4 employees: most micro firms (most have one or two working persons).
    assert 0.9 < overlap.target_share(_sized(["micro"]), _sized(high=4), SIZES, 21) < 1.0


def test_a_partial_hit_names_the_employee_limits():
    _offer("Webshopsubsidie voor grotere bedrijven", min_employees=10, max_employees=49)
    hits = _check("Webshopsubsidie Utrecht", min_employees=5)
    assert len(hits) == 1
    reasons = " ".join(hits[0]["reasons"])
    assert "alleen voor bedrijven met 10 tot en met 49 medewerkers" in reasons
    assert "Doelgroep deels gelijk" in reasons


def test_a_hit_that_reaches_nearly_all_of_the_target_group_is_not_said_to_count_less():
    # Up to 49 employees is nearly every firm: the reach barely lowers the score.
    _offer("Webshopsubsidie voor het mkb", max_employees=49)
    hits = _check("Webshopsubsidie Utrecht")
    assert len(hits) == 1
    reasons = " ".join(hits[0]["reasons"])
    assert "Bijna dezelfde doelgroep" in reasons
    assert "alleen voor bedrijven met" in reasons and "telt minder zwaar" not in reasons


def test_place_names_and_years_are_left_out_of_the_compared_text():
    strip = place_name_stripper()
    text = strip("Gratis energiescan 2027 voor Zwolse bedrijven in Zwolle en in Utrecht, met buren")
    assert "Zwolse" not in text and "Zwolle" not in text and "Utrecht" not in text
    assert "2027" not in text
    assert "energiescan" in text and "buren" in text  # common words stay


def test_the_same_place_names_give_the_same_stripper_and_a_new_name_a_new_one():
    """The consistency test keeps one stripper, with the texts it stripped, while the names
    stay; a renamed municipality is read at once."""
    first = place_name_stripper()
    assert place_name_stripper() is first
    text = "Gratis energiescan voor bedrijven in Zwolle"
    assert first(text) == first(text) == "Gratis energiescan voor bedrijven in"
    Municipality.objects.filter(name="Zwolle").update(name="Hanzestad")
    assert first("Energiescan in Hanzestad") == "Energiescan in Hanzestad"
    renamed = place_name_stripper()
    assert renamed is not first
    assert renamed("Energiescan in Hanzestad") == "Energiescan in"


def test_a_partial_hit_names_the_limits_that_leave_firms_out():
    # Coded for one sector without saying so in its text (one that does is no hit at all).
    _offer(
        "Webshopsubsidie Utrecht-Oost",
        sbi_sections=list(SbiSection.objects.filter(code="c")),
        min_company_age_years=5,
    )
    hits = _check("Webshopsubsidie Utrecht")
    assert len(hits) == 1
    reasons = " ".join(hits[0]["reasons"])
    assert "Doelgroep deels gelijk" in reasons
    assert "alleen voor de sector" in reasons and "minstens 5 jaar" in reasons


def test_a_share_in_the_reasons_is_never_zero_or_all_when_it_is_neither():
    assert services._share_phrase(0.002) == "minder dan 1%"
    assert services._share_phrase(0.4) == "ongeveer 40%"
    assert services._share_phrase(0.996) == "bijna 100%"


def test_overlap_history_names_expired_offers_in_dutch_dates_and_numbers(client):
    from scharnier.organisations.models import Role
    from tests.factories import make_user

    _offer("Webshopsubsidie 2025", valid_from=datetime.date(2025, 1, 1))
    _offer(
        "Webshopsubsidie 2024",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2025, 3, 12),
    )
    client.force_login(make_user(Role.NATIONAL_ANALYST, username="analist"))
    html = client.get("/stelsel/overlap/historie/").content.decode()
    assert "Webshopsubsidie 2024" in html and "tot 12 maart 2025" in html
    assert "2025-03-12" not in html
    assert re.search(r">[01],\d\d</td>", html)  # the score with a decimal comma
    assert not re.search(r">[01]\.\d\d</td>", html)


def test_help_for_the_buyer_of_a_firm_is_no_copy_of_help_for_its_seller():
    advice = "krijgen de helft van de kosten van een overnameadviseur terug."
    sellers = _offer(
        "Subsidie voor advies bij de verkoop van uw bedrijf",
        summary=f"Ondernemers die hun bedrijf willen verkopen {advice}",
    )
    both = _offer(
        "Subsidie voor advies bij overdragen of overnemen", summary=f"Kopers en verkopers {advice}"
    )
    buyers = _found(
        "Subsidie voor advies als u een bedrijf wilt overnemen",
        summary=f"Ondernemers die een bedrijf willen kopen {advice}",
    )
    assert str(sellers.public_id) not in buyers
    assert str(both.public_id) in buyers  # an offer for both sides stays a hit
    own_side = _found(
        "Subsidie voor advies als u uw bedrijf wilt verkopen",
        summary=f"Ondernemers die hun bedrijf willen verkopen {advice}",
    )
    assert {str(sellers.public_id), str(both.public_id)} <= own_side
    # The side is the target group, not a word in passing.
    assert overlap.sides_named("Vertrouwelijk koper zoeken voor uw onderneming") == {
        "firm_transfer": {"seller"}
    }
    assert overlap.sides_named("Voor wie een bedrijf wil kopen") == {"firm_transfer": {"buyer"}}
    assert overlap.sides_named("Een ervaren coach helpt u op weg") == {}


def test_a_programme_for_experienced_exporters_is_no_copy_of_one_for_first_time_exporters():
    assert overlap.sides_named(
        "Exportkompas: voor bedrijven die voor het eerst gaan exporteren"
    ) == {"export_experience": {"first_time"}}
    assert overlap.sides_named("Verre markten voor bedrijven die al in Europa exporteren") == {
        "export_experience": {"experienced"}
    }
    club = "Ervaren exporteurs helpen bedrijven die de eerste stap zetten"
    assert overlap.sides_named(club) == {"export_experience": {"experienced", "first_time"}}
    first = services._proposal_features(
        services.clean_proposal(
            {
                "title": "Exportbegeleiding",
                "summary": "Voor bedrijven die voor het eerst gaan exporteren.",
                "offer_type": "begeleiding",
                "themes": ["internationalisering"],
                "journey_phases": ["kunnen"],
                "scope_level": "nationaal",
            }
        )
    )
    experienced = dataclasses.replace(
        first, text="Exportbegeleiding. Voor ervaren exporteurs die verder willen."
    )
    both = dataclasses.replace(first, text=f"Exportclub. {club}.")
    assert overlap.for_another_side(first, experienced)
    assert overlap.for_another_side(experienced, first)
    assert not overlap.for_another_side(first, both)
    assert not overlap.for_another_side(first, first)


def test_a_scheme_name_is_compared_by_what_it_means(monkeypatch):
    assert features.with_meanings("SLIM-subsidie 2027") == (
        "SLIM-subsidie 2027 (SLIM: subsidie voor leren en ontwikkelen van medewerkers in het "
        "mkb, scholing en opleidingsplan)"
    )
    assert features.with_meanings("Slimmer werken met een app") == "Slimmer werken met een app"
    assert "onderzoek of een nieuw product" in features.with_meanings("Haalbaarheidsprojecten")
    named = "SLIM-subsidie 2027: nieuwe aanvraagronde mkb. De volgende ronde van SLIM."
    plain = "Scholingsbudget. Zet een opleidingsplan op om uw mensen te laten bijleren."

    def similarity() -> float:
        vectors = features.embed_texts([named, plain])
        return float(overlap.semantic_similarity(vectors[:1], vectors[1:], pairwise=True)[0])

    explained = similarity()
    monkeypatch.setattr(features, "EXPLAIN_JARGON", False)
    assert explained > similarity() + 0.1


def test_help_with_an_application_is_no_copy_of_the_scheme():
    scheme = make_offer(
        title="WBSO: belastingvoordeel voor speur- en ontwikkelingswerk",
        summary="Minder loonheffing over de uren die uw mensen aan onderzoek en ontwikkeling "
        "besteden.",
        offer_type=OfferType.objects.get(code="fiscaal"),
        themes=list(Theme.objects.filter(code="innovatie")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.NATIONAL,
    )
    compute_offer_embeddings()  # the index that finds offers coded under another instrument
    data = services.clean_proposal(
        {
            "title": "WBSO-aanvraag: belastingvoordeel voor speur- en ontwikkelingswerk",
            "summary": "Een adviseur helpt u met uw aanvraag voor de WBSO en het bijhouden van "
            "uren.",
            "offer_type": "advies",
            "themes": ["innovatie"],
            "journey_phases": ["kunnen"],
            "scope_level": "nationaal",
        }
    )
    found = services.evaluate_proposal(data)[1]["overlaps"]
    assert str(scheme.public_id) not in {h["offer"] for h in found}
    proposal = services._proposal_features(data)
    offer = dataclasses.replace(proposal, text="WBSO. Minder loonheffing.", offer_type="fiscaal")
    assert overlap.helps_apply_for(proposal, offer) and overlap.helps_apply_for(offer, proposal)
    # Two services that both help with applications are alike, not a service and its scheme.
    assert not overlap.helps_apply_for(proposal, proposal)


def test_an_offer_also_about_another_subject_weighs_less_and_says_so():
    """A loan to buy premises against a loan to make them sustainable: one theme shared, and
    each coded under a theme the other is not."""
    shared = Theme.objects.filter(code="digitalisering")
    marketing = _offer("Webshopsubsidie voor iedereen")
    marketing.themes.set([*shared, *Theme.objects.filter(code="marketing")])
    alone = {h["offer"]: h for h in _check("Webshopsubsidie Utrecht")}[str(marketing.public_id)]
    # The proposal coded under digitalisation only: the offer covers it, nothing taken off.
    assert "telt minder zwaar" not in " ".join(alone["reasons"])
    apart = {
        h["offer"]: h
        for h in _check("Webshopsubsidie Utrecht", themes=["digitalisering", "innovatie"])
    }[str(marketing.public_id)]
    assert apart["score"] == pytest.approx(alone["score"] - overlap.THEMES_PART_PENALTY, abs=1e-3)
    reasons = " ".join(apart["reasons"])
    assert "gaat ook over Marketing" in reasons and "uw voorstel niet" in reasons


def test_the_new_owner_after_a_takeover_is_the_buyers_side():
    """Coaching in the first year after a takeover is for whoever bought the firm; finding a
    new owner is the seller's side."""
    assert overlap.sides_named(
        "Eerste jaar na de overname: begeleiding voor nieuwe eigenaren. "
        "U heeft net een bedrijf overgenomen."
    ) == {"firm_transfer": {"buyer"}}
    assert overlap.sides_named("Wij helpen u een nieuwe eigenaar te vinden voor uw zaak") == {
        "firm_transfer": {"seller"}
    }
    advice = "krijgen de helft van de kosten van een coach terug."
    sellers = _offer(
        "Subsidie voor begeleiding bij de verkoop van uw bedrijf",
        summary=f"Ondernemers die hun bedrijf willen verkopen {advice}",
    )
    new_owners = _found(
        "Subsidie voor begeleiding in het eerste jaar na de overname",
        summary=f"Ondernemers die net een bedrijf hebben overgenomen {advice}",
    )
    assert str(sellers.public_id) not in new_owners


def _event_proposal(title, summary, start, end, offer_type="evenement"):
    return _found(
        title,
        summary=summary,
        offer_type=offer_type,
        journey_phases=["ontmoeten"],
        valid_from=start,
        valid_until=end,
    )


def test_a_single_event_is_no_copy_of_a_standing_service_but_may_be_of_another_event():
    """A succession evening against an entrepreneurs' café that meets all year: the occasion
    is no copy of the standing service. Against another evening on that date, or a recurring
    event without dates, it still is."""
    summary = "Een avond met verhalen van ondernemers die hun zaak hebben overgedragen, en experts."
    kinds = {code: OfferType.objects.get(code=code) for code in ("community", "evenement")}
    cafe = _offer("Opvolgingscafé Utrecht", summary=summary, offer_type=kinds["community"])
    evenings = _offer("Opvolgingsavonden Utrecht", summary=summary, offer_type=kinds["evenement"])
    fair = _offer(
        "Opvolgingsavond Utrecht 2027",
        summary=summary,
        offer_type=kinds["evenement"],
        valid_from=datetime.date(2027, 3, 11),
        valid_until=datetime.date(2027, 3, 11),
    )
    one_evening = _event_proposal(
        "Opvolgingsavond Utrecht", summary, datetime.date(2027, 3, 11), datetime.date(2027, 3, 11)
    )
    assert str(cafe.public_id) not in one_evening
    assert {str(evenings.public_id), str(fair.public_id)} <= one_evening
    # A month of events is still one occasion; a season-long series is not.
    month = _event_proposal(
        "Opvolgingsmaand Utrecht", summary, datetime.date(2027, 3, 1), datetime.date(2027, 3, 31)
    )
    assert str(cafe.public_id) not in month
    season = _event_proposal(
        "Opvolgingsavonden Utrecht", summary, datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)
    )
    assert str(cafe.public_id) in season
    # The other way round: a standing café proposed where only a single evening exists.
    standing = _event_proposal("Opvolgingscafé Utrecht", summary, None, None, "community")
    assert str(fair.public_id) not in standing
    assert str(cafe.public_id) in standing


def test_personal_help_is_no_copy_of_an_information_page_but_a_page_may_copy_help():
    summary = "Wat moet u regelen als u een webshop begint: betalen, privacy en verzending."
    kinds = {c: OfferType.objects.get(code=c) for c in ("informatie", "advies", "training")}
    page = _offer(
        "Webshop beginnen: wat regelt u?", summary=summary, offer_type=kinds["informatie"]
    )
    adviser = _offer("Webshopspreekuur: wat regelt u?", summary=summary, offer_type=kinds["advies"])
    advice = _found("Webshop beginnen: spreekuur", summary=summary, offer_type="advies")
    assert str(page.public_id) not in advice
    assert str(adviser.public_id) in advice
    # A proposed page may repeat what an adviser tells.
    assert str(adviser.public_id) in _found(
        "Webshop beginnen", summary=summary, offer_type="informatie"
    )


def test_a_guarantee_against_a_loan_weighs_less_and_says_so():
    summary = "Ondernemers die willen groeien, krijgen sneller krediet voor een nieuwe machine."
    kinds = {c: OfferType.objects.get(code=c) for c in ("lening", "garantie")}
    guarantee = _offer("Groeikrediet Utrecht", summary=summary, offer_type=kinds["garantie"])
    loan = {h["offer"]: h for h in _check("Groeikrediet", summary=summary, offer_type="lening")}
    same = {h["offer"]: h for h in _check("Groeikrediet", summary=summary, offer_type="garantie")}
    hit, plain = loan[str(guarantee.public_id)], same[str(guarantee.public_id)]
    assert hit["score"] == pytest.approx(plain["score"] - overlap.GUARANTEE_PENALTY, abs=1e-3)
    assert "een garantie is geen lening: telt minder zwaar" in " ".join(hit["reasons"])
    assert "geen lening" not in " ".join(plain["reasons"])


def test_help_with_any_question_and_help_on_one_subject_are_no_copies_of_each_other():
    kinds = {c: OfferType.objects.get(code=c) for c in ("advies",)}
    desk = _offer(
        "Ondernemersloket Utrecht: één loket voor al uw vragen",
        summary="Een accountmanager luistert naar uw vraag, ook over uw webshop of software, "
        "en brengt u in contact met de juiste hulp.",
        offer_type=kinds["advies"],
    )
    one_subject = _found(
        "Spreekuur webshop en software",
        summary="Een adviseur bespreekt met u uw webshop of software en geeft u drie tips.",
        offer_type="advies",
    )
    assert str(desk.public_id) not in one_subject
    another_desk = _found(
        "Ondernemersloket: met elke vraag terecht",
        summary="Een accountmanager luistert naar uw vraag, ook over uw webshop of software, "
        "en zoekt met u de juiste hulp.",
        offer_type="advies",
    )
    assert str(desk.public_id) in another_desk
    # A sounding board is open help in many words; a question about one scheme is not.
    for text in (
        "Een oud-ondernemer denkt gratis met u mee als de cijfers tegenvallen.",
        "Een vrijwilliger spreekt een paar keer met u af en denkt mee.",
        "KvK Advieslijn: bel gratis met uw ondernemersvraag",
    ):
        assert overlap.open_help(text), text
    assert not overlap.open_help("Heeft u een vraag over de WBSO? Bel ons.")


def test_the_result_says_when_the_kind_of_help_decides_what_counts():
    def read(**extra):
        data = services.clean_proposal(
            {
                "title": "Ondernemersloket Utrecht",
                "summary": "Met elke vraag over uw bedrijf kunt u bij ons terecht.",
                "offer_type": "advies",
                "themes": ["strategie"],
                "journey_phases": ["weten"],
                "scope_level": "provincie",
                "provinces": ["PV26"],
                **extra,
            }
        )
        return services.evaluate_proposal(data)[1]["read_from_text"]

    desk = read()
    assert desk["open_help"] and "one_off_event" not in desk
    assert "hulp bij alle vragen" in views._read_from_text_note(desk)
    evening = read(
        title="Opvolgingsavond Utrecht",
        summary="Een avond over het overdragen van uw bedrijf.",
        offer_type="evenement",
        valid_from="2027-03-11",
        valid_until="2027-03-11",
    )
    assert evening["one_off_event"] and "open_help" not in evening
    assert "eenmalige bijeenkomst" in views._read_from_text_note(evening)
    assert views._read_from_text_note({}) == ""


def test_the_self_employed_without_staff_are_not_employers():
    """ "Zelfstandigen zonder personeel" names no staff; an RI&E for employers is for staff the
    self-employed do not have."""
    assert overlap.for_self_employed("Zelfstandigen zonder personeel checken hun risico's")
    assert overlap.for_employees("Digitale RI&E voor kleine werkgevers")
    assert overlap.for_employees("Wat moet u regelen als werkgever?")
    employers = _offer(
        "Digitale risicocheck voor kleine werkgevers",
        summary="Check online de risico's van het werk, zoals tillen en werken op hoogte.",
    )
    zzp = _found(
        "Risicocheck voor zzp'ers",
        summary="Zelfstandigen zonder personeel checken online de risico's van hun werk, zoals "
        "tillen en werken op hoogte.",
    )
    assert str(employers.public_id) not in zzp


def test_a_subsidy_is_no_copy_of_a_loan_for_the_same_investment():
    summary = "Mkb-bedrijven krijgen geld voor zonnepanelen, een warmtepomp of isolatie."
    loan = _offer(
        "Zonnepanelen en warmtepompen voor het mkb",
        summary=summary,
        offer_type=OfferType.objects.get(code="lening"),
    )
    voucher = _offer(
        "Zonnepanelen en warmtepompen voor het mkb: voucher",
        summary=summary,
        offer_type=OfferType.objects.get(code="voucher"),
    )
    compute_offer_embeddings()  # the index that finds offers coded under another type
    found = _found("Zonnepanelen en warmtepompen in het mkb", summary=summary)
    assert str(loan.public_id) not in found
    assert str(voucher.public_id) in found  # a voucher is a subsidy too
