"""Questions about private life get "nothing fits", not offers that share a word or a mood."""

import pytest

from scharnier.core import embeddings
from scharnier.matching import evaluation, outside, ranker
from scharnier.matching.matcher import match
from scharnier.matching.needs import recognise
from scharnier.matching.queries import Profile

pytestmark = pytest.mark.django_db

# Written for this test, not taken from the detector's training or measuring files.
PRIVATE = [
    "wat wordt het weer dit weekend",
    "welke film draait er vanavond in de bioscoop",
    "ik zoek een goede huisarts in deventer",
]
BUSINESS = [
    "we krijgen geen nieuwe monteurs",
    "klanten betalen hun facturen te laat",
    "onze machines moeten gegevens doorgeven aan de planning",
]


def test_the_detector_reads_private_life_as_outside_and_business_as_ours():
    verdicts = [outside.is_everyday(question) for question in PRIVATE + BUSINESS]
    assert verdicts == [True] * len(PRIVATE) + [False] * len(BUSINESS)


@pytest.mark.parametrize("question", PRIVATE)
@pytest.mark.parametrize(
    "written",
    [
        lambda q: q + "?",
        lambda q: q[:1].upper() + q[1:] + ".",
        lambda q: q + " in Zwolle?",
        lambda q: "In Deventer: " + q,
        lambda q: q + " in 2027",
    ],
    ids=["question mark", "capital and full stop", "place", "place first", "year"],
)
def test_how_a_question_is_written_does_not_decide_whether_it_is_private(question, written):
    # The training texts differ in exactly these ways: entrepreneurs' examples end with a full
    # stop and name a place far more often. Read as written, "?" alone made them business.
    assert outside.detector_text(written(question)) == outside.detector_text(question)
    assert outside.is_everyday(written(question))


def test_the_detector_reads_only_the_words():
    assert (
        outside.detector_text("Wat wordt het weer morgen in Zwolle?") == "wat wordt het weer morgen"
    )
    assert outside.detector_text("Gaat de Zwolse bibliotheek in 2027 dicht, Jan?") == (
        "gaat de bibliotheek dicht jan"
    )


def test_the_stored_detector_belongs_to_the_sentence_model_in_use():
    found = outside.detector()
    assert found is not None and found.model_name == embeddings.MODEL_NAME
    assert found.coef.shape == (embeddings.DIM,)
    assert 0.5 <= found.threshold < 1.0


def test_a_private_question_gets_nothing_even_when_it_shares_a_word_with_an_offer(
    small_catalog, monkeypatch
):
    zwolle, offers = small_catalog
    question = "hoe krijg ik mijn wasmachine weer aan de praat"
    ids = [offer.pk for offer in offers.values()]
    assert not ranker.score_offers(question, recognise(question), ids)[0].confident
    result = match(question, Profile(municipality=zwolle))
    assert result.nothing_fits and not result.matches
    # Without the detector, "weer" (as in "zwaar weer") was enough to show offers.
    monkeypatch.setattr(outside, "detector", lambda: None)
    assert ranker.score_offers(question, recognise(question), ids)[0].confident


def test_a_question_that_names_the_firm_is_never_taken_for_a_private_one(small_catalog):
    _zwolle, offers = small_catalog
    question = "welke papieren heb ik nodig om bier te schenken in mijn lunchroom"
    needs = recognise(question)
    assert needs.names_firm and not needs.themes
    # The detector alone would call it private; naming the firm keeps it a business question.
    assert outside.is_everyday(question)
    scored = ranker.score_offers(question, needs, [offer.pk for offer in offers.values()])
    assert scored[0].confident


@pytest.mark.parametrize(
    ("question", "names_firm"),
    [
        ("mijn winkel loopt slecht", True),
        ("hoe laat mag mijn bakkerij op zondag open", True),
        ("onze eigen salon wordt te klein", True),
        ("hoe kom ik aan geld voor een tweede filiaal van mijn fietsenwinkel", True),
        ("onze kleine kapperszaak zoekt een nieuwe plek", True),
        ("hoe vind ik een goede boekhouder", True),
        ("een goed restaurant in zwolle", False),
        ("welke winkel verkoopt goedkope fietsen", False),
    ],
)
def test_the_firm_is_named_by_its_own_words_or_as_mine(question, names_firm):
    assert recognise(question).names_firm is names_firm


def test_a_theme_named_only_by_an_everyday_word_does_not_make_a_business_question(small_catalog):
    zwolle, _offers = small_catalog
    private = recognise("mijn zoon zoekt een bijbaantje")
    assert private.themes and not private.names_business  # "zoon" hints at succession
    assert match("mijn zoon zoekt een bijbaantje", Profile(municipality=zwolle)).nothing_fits
    succession = recognise("ik wil mijn bedrijf overdragen aan mijn zoon")
    assert succession.names_business and "bedrijfsopvolging" in succession.themes
    assert not match(
        "ik wil mijn bedrijf overdragen aan mijn zoon", Profile(municipality=zwolle)
    ).nothing_fits


def test_the_evaluation_counts_nothing_fits_on_private_and_business_sentences(small_catalog):
    zwolle, _offers = small_catalog
    reports = {r.name: r for r in evaluation.outside_reports(zwolle, limit=25)}
    assert [(r.total, r.nothing_should_fit) for r in reports.values()] == [
        (25, True),
        (25, True),
        (25, False),
        (25, True),
        (25, False),
    ]
    private = reports["everyday_b.json"]
    business = reports["business_lookalike.json"]
    assert private.nothing_fits / private.total > business.nothing_fits / business.total


def test_the_answer_page_says_the_question_seems_private_instead_of_naming_a_theme(
    small_catalog, client
):
    response = client.get(
        "/vraag/",
        {
            "vraag": "mijn zoon zoekt een bijbaantje",
            "gemeente": "GM0193",
            "medewerkers": 3,
            "leeftijd": 6,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Uw vraag lijkt niet over een bedrijf te gaan" in page
    assert "Uw vraag gaat over" not in page  # not "bedrijfsopvolging" because of "zoon"
    assert "We vonden geen aanbod dat goed past" in page
    business = client.get(
        "/vraag/",
        {
            "vraag": "ik wil mijn bedrijf overdragen aan mijn zoon",
            "gemeente": "GM0193",
            "medewerkers": 3,
            "leeftijd": 6,
        },
    ).content.decode()
    assert "Uw vraag lijkt niet over een bedrijf te gaan" not in business
