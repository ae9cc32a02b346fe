"""Matching a question: recognised needs, explanations, regional entry point, grouping, caps."""

import dataclasses

import numpy as np
import pytest

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import JourneyPhase, OfferType, Theme
from scharnier.jobs.models import Job, JobKind
from scharnier.matching import matcher, ranker
from scharnier.matching.eligibility import CHECK
from scharnier.matching.matcher import match
from scharnier.matching.models import OfferEmbedding
from scharnier.matching.needs import recognise
from scharnier.matching.queries import Profile, eligible_offers
from scharnier.matching.services import compute_offer_embeddings
from tests.factories import make_offer, make_organisation

pytestmark = pytest.mark.django_db


def profile(zwolle, **kw):
    return Profile(
        municipality=zwolle,
        employees=kw.get("employees", 8),
        sbi_section=kw.get("sbi_section", "g"),
        company_age_years=kw.get("age", 12),
    )


@pytest.mark.parametrize(
    ("question", "theme"),
    [
        ("Mijn energierekening is verdubbeld", "verduurzaming"),
        ("ik vind geen personeel voor de bakkerij", "arbeidsmarkt"),
        ("over vijf jaar wil ik stoppen, wie neemt het over?", "bedrijfsopvolging"),
        ("een klant wil ineens onze CO2-cijfers", "verduurzaming"),
        ("we zijn gehackt", "digitalisering"),
        ("ik kan mijn rekeningen niet meer betalen", "zwaar-weer"),
        ("energeirekening omhoog", "verduurzaming"),  # a typo
        ("geen peroneel", "arbeidsmarkt"),  # a letter missing
        ("Het gaat niet zo goed met mijn zaak", "zwaar-weer"),  # a word inside a phrase
    ],
)
def test_needs_are_recognised_in_everyday_words(question, theme):
    assert theme in recognise(question).themes


def test_a_phrase_takes_one_word_inside_it_but_not_a_whole_clause():
    assert recognise("De omzet die daalt al maanden").matched_words["zwaar-weer"] == ["omzet daalt"]
    # Two words apart, the phrase's words no longer say it together.
    assert "omzet daalt" not in recognise("De omzet van de zaak daalt").matched_words.get(
        "zwaar-weer", []
    )


@pytest.mark.parametrize(
    ("question", "phase"),
    [
        # "Ik wil" is how a wish starts, not a sign of making a plan: the subsidy decides.
        ("Ik wil zonnepanelen op het dak van mijn bakkerij, kan ik subsidie krijgen?", "kunnen"),
        ("Wij willen een lening om een tweede vestiging te openen", "kunnen"),
        ("Ik wil een plan maken voor de komende vijf jaar", "willen"),
        ("over vijf jaar wil ik stoppen, wie neemt het over?", "willen"),
    ],
)
def test_the_journey_phase_follows_what_is_asked_not_the_word_wil(question, phase):
    assert recognise(question).journey_phase == phase


def test_theme_codes_in_the_thesaurus_exist_in_the_vocabulary():
    from scharnier.matching.needs import thesaurus

    data = thesaurus()
    assert set(data["themes"]) <= set(Theme.objects.values_list("code", flat=True))
    assert set(data["places"]) <= set(Theme.objects.values_list("code", flat=True))
    assert set(data["phases"]) <= set(JourneyPhase.objects.values_list("code", flat=True))
    assert set(data["offer_types"]) <= set(OfferType.objects.values_list("code", flat=True))
    assert set(matcher.next_steps()) - {"_about", "_default"} <= set(
        OfferType.objects.values_list("code", flat=True)
    )


def test_regional_entry_point_beside_the_ranking_then_explained_national_basis(small_catalog):
    zwolle, offers = small_catalog
    result = match("Mijn energierekening is verdubbeld", profile(zwolle))
    entry = result.entry_point
    assert entry.is_entry_point and entry.offer == offers["hub"]
    assert "verwijzen u door" in entry.explanation
    # The front door does not take the first place of the offers that fit the question; where
    # it fits on its own merit it is in the ranking too, flagged, and pages show it once.
    assert [m.offer for m in result.matches if m.is_entry_point] in ([], [offers["hub"]])
    rest = result.matches_beside_entry_point
    assert offers["hub"] not in [m.offer for m in rest]
    assert rest[0].offer in (offers["energy"], offers["energy2"])
    energy = next(m for m in rest if m.offer == offers["energy"])
    assert energy.explanation == (
        "Past bij uw vraag over verduurzaming en energie; subsidie in heel Nederland."
    )
    assert energy.next_step == "Lees de voorwaarden en vraag de subsidie aan via de website."
    provincial = match("hulp bij mijn website en webshop", profile(zwolle))
    digital = next(m for m in provincial.matches if m.offer == offers["overijssel"])
    assert "in uw provincie (Overijssel)" in digital.explanation
    assert "digitalisering" in digital.explanation


def test_a_hubs_community_is_never_the_front_door(small_catalog):
    zwolle, offers = small_catalog
    hub = offers["hub"]
    club = make_offer(
        provider=hub.provider,
        title="Exportclub Regio Zwolle",
        summary="Ondernemers die exporteren naar Duitsland delen elke maand hun ervaring.",
        offer_type=OfferType.objects.get(code="community"),
        themes=[Theme.objects.get(code="internationalisering")],
        scope_level=hub.scope_level,
        regions=list(hub.regions.all()),
    )
    compute_offer_embeddings()
    result = match("Ik wil gaan exporteren naar Duitsland", profile(zwolle))
    # The club fits the question and is ranked on its merit, but the front door is the hub's
    # own help: a peer group cannot take "every question".
    assert club in [m.offer for m in result.matches]
    assert result.entry_point.offer == hub
    assert not next(m for m in result.matches if m.offer == club).is_entry_point


def test_front_door_is_a_hub_programme_only_when_it_fits_else_the_hubs_general_help(
    small_catalog,
):
    zwolle, offers = small_catalog
    hub = offers["hub"]
    voucher = make_offer(
        provider=hub.provider,
        title="Digitaliseringsvoucher Regio Zwolle",
        summary="Een voucher voor uw eerste stap in digitalisering: webshop, administratie, ICT.",
        offer_type=OfferType.objects.get(code="voucher"),
        themes=[Theme.objects.get(code="digitalisering")],
        scope_level=hub.scope_level,
        regions=list(hub.regions.all()),
    )
    compute_offer_embeddings()
    # A money worry: the hub's voucher may score highest of the hub's offers, but it does not
    # fit, so the front door is the hub's general help, without a claim that it fits.
    money = match("Een klant betaalt zijn facturen niet en ik kom geld tekort", profile(zwolle))
    assert money.entry_point.offer == hub
    assert money.entry_point.explanation.startswith(
        "Ondernemershuis Zwolle is het loket voor ondernemers in uw regio. U kunt daar met "
        "elke vraag terecht."
    )
    assert "Past bij" not in money.entry_point.explanation
    # A question the voucher fits: then the programme is the front door, with why it fits.
    digital = match("Ik wil digitaliseren, mijn administratie is nog op papier", profile(zwolle))
    assert digital.entry_point.offer == voucher
    assert digital.entry_point.explanation.startswith("Past bij uw vraag over digitalisering")
    assert "is het loket voor ondernemers in uw regio" in digital.entry_point.explanation


def test_near_duplicates_are_grouped_not_listed_twice(small_catalog):
    zwolle, offers = small_catalog
    result = match("subsidie voor energiebesparing", profile(zwolle))
    shown = [m.offer for m in result.matches]
    assert offers["energy"] in shown and offers["energy_dup"] not in shown
    energy = next(m for m in result.matches if m.offer == offers["energy"])
    assert energy.similar == [offers["energy_dup"]]


def test_grouping_reads_the_vectors_it_scored_when_the_index_is_replaced(
    small_catalog, monkeypatch
):
    zwolle, offers = small_catalog
    question = "subsidie voor energiebesparing"
    ids = list(eligible_offers(profile(zwolle)).values_list("pk", flat=True))
    scored = ranker.score_offers(question, recognise(question), ids)
    # Another thread of this process rebuilds the index between scoring and grouping: its
    # rows hold other offers (here: vectors that make every pair a near-duplicate).
    replaced = ranker.get_index()
    monkeypatch.setattr(
        ranker, "_index", dataclasses.replace(replaced, vectors=np.ones_like(replaced.vectors))
    )
    leads, groups = matcher._diversify(scored, 10, {})
    lead_ids = [s.offer_id for s in leads]
    assert offers["energy"].pk in lead_ids and offers["energy_dup"].pk not in lead_ids
    assert [s.offer_id for s in groups[offers["energy"].pk]] == [offers["energy_dup"].pk]
    assert len(leads) > 2  # not everything grouped under the first offer


def test_at_most_two_offers_per_provider_before_other_providers(small_catalog):
    zwolle, offers = small_catalog
    crowd = make_organisation("veel-aanbod")
    titles = [
        "Energiecoach voor winkeliers",
        "Energiecheck voor de bakkerij",
        "Workshop energie besparen in uw pand",
        "Isolatieadvies voor bedrijfspanden",
    ]
    for title in titles:
        make_offer(
            provider=crowd,
            title=title,
            summary=f"{title}: minder energie verbruiken en uw energierekening verlagen.",
            themes=[Theme.objects.get(code="verduurzaming")],
        )
    compute_offer_embeddings()
    result = match("energie besparen energierekening verlagen", profile(zwolle), limit=5)
    providers = [m.offer.provider.slug for m in result.matches]
    head = providers[: providers.index("veel-aanbod") + 3]
    assert head.count("veel-aanbod") <= 2


def test_nothing_fits_says_so_and_names_a_person(small_catalog):
    zwolle, offers = small_catalog
    result = match("mijn kat heeft vlooien", profile(zwolle))
    assert result.nothing_fits
    assert not result.matches and result.entry_point is None
    assert result.contact.slug == "ondernemershuis-zwolle"


@pytest.mark.parametrize(
    "question", ["ik zoek een vakantiehuis in spanje", "wat is het recept voor appeltaart"]
)
def test_a_country_alone_does_not_make_a_question_one_for_business_support(small_catalog, question):
    zwolle, _offers = small_catalog
    result = match(question, profile(zwolle))
    assert result.nothing_fits
    assert result.theme_terms() == []  # the page does not say it is about trade abroad


def test_a_country_points_to_trade_abroad_beside_what_the_question_asks():
    needs = recognise("onze software verkopen in Amerika")
    assert "internationalisering" in needs.themes
    assert needs.place_only == ["internationalisering"]
    # With a word of its own the theme is named, not only placed.
    assert recognise("export naar Duitsland").place_only == []
    assert "internationalisering" not in recognise("ik zoek een vakantiehuis").themes


def test_themes_learned_from_nearby_offers_are_not_said_to_be_asked(small_catalog):
    zwolle, _offers = small_catalog
    result = match("subsidie", profile(zwolle))
    assert result.themes == [] and result.matches  # no theme recognised, offers shown
    themed = [m for m in result.matches if m.themes]
    assert themed, "the learned themes name what the offers are about"
    for m in themed:
        assert m.explanation.startswith("Gaat over "), m.explanation
        assert "uw vraag over" not in m.explanation
    named = match("subsidie voor energie besparen", profile(zwolle))
    assert any(m.explanation.startswith("Past bij uw vraag over ") for m in named.matches)


def test_a_query_never_recomputes_stored_offer_features(small_catalog):
    zwolle, offers = small_catalog
    before = dict(OfferEmbedding.objects.values_list("offer_id", "computed_at"))
    assert match("personeel vinden", profile(zwolle)).matches
    assert dict(OfferEmbedding.objects.values_list("offer_id", "computed_at")) == before


def test_changed_offers_get_new_features_after_commit(
    small_catalog, django_capture_on_commit_callbacks
):
    zwolle, offers = small_catalog
    offer = offers["staff"]
    old = OfferEmbedding.objects.get(offer=offer)
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.update_offer(
            actor=None,
            offer=offer,
            data={
                "summary": "Hulp bij het vinden van vrachtwagenchauffeurs voor uw transportbedrijf."
            },
        )
    new = OfferEmbedding.objects.get(offer=offer)
    assert new.content_hash != old.content_hash
    assert "chauffeur" in new.terms
    result = match("ik zoek chauffeurs voor mijn transportbedrijf", profile(zwolle))
    assert result.matches[0].offer == offer


def test_a_big_batch_is_left_to_a_job_and_filled_on_demand(
    small_catalog, settings, django_capture_on_commit_callbacks
):
    zwolle, offers = small_catalog
    settings.MATCHING_SYNC_FEATURE_LIMIT = 1
    with django_capture_on_commit_callbacks(execute=True):
        new = [
            make_offer(title=f"Webshop bouwen, deel {i}", summary="Hulp bij uw webshop.")
            for i in range(2)
        ]
        catalog_services.notify_offers_changed([o.pk for o in new])
    # Above the synchronous limit the features are computed by a job, not in the request.
    jobs = Job.objects.filter(kind=JobKind.COMPUTE_EMBEDDINGS)
    assert any({o.pk for o in new} <= set(job.parameters["offer_ids"]) for job in jobs)
    # Until a job has run, a query fills in what is missing itself.
    OfferEmbedding.objects.filter(offer__in=new).delete()
    result = match("ik wil een webshop", profile(zwolle))
    assert {m.offer for m in result.matches} & set(new)
    assert OfferEmbedding.objects.filter(offer__in=new).count() == 2


def test_match_result_arrives_complete_for_the_api(small_catalog, django_assert_num_queries):
    """The API renders a match result without a single database query."""
    from scharnier.matching.api_views import result_as_json
    from scharnier.matching.serializers import MatchResponseSerializer

    zwolle, _offers = small_catalog
    result = match("Mijn energierekening is verdubbeld", profile(zwolle))
    assert result.matches and result.theme_terms()
    with django_assert_num_queries(0):
        body = MatchResponseSerializer(result_as_json(result)).data
    assert body["needs"]["themes"][0]["code"] == "verduurzaming"
    assert body["results"][0]["offer_type"]["label"]


def test_the_answer_page_asks_once_whether_you_would_rather_talk_to_someone(client, small_catalog):
    """With few offers the person to call and the online question share one box; with enough
    offers only the online question to an adviser is offered."""
    few = client.get(
        "/vraag/",
        {"vraag": "mijn kat heeft vlooien", "gemeente": "GM0193", "medewerkers": 3, "leeftijd": 6},
    ).content.decode()
    assert few.count("Liever met") == 1 and "Liever met iemand praten?" in few
    assert "Vraag een adviseur om hulp" in few
    many = client.get(
        "/vraag/",
        {"vraag": "energie besparen", "gemeente": "GM0193", "medewerkers": 3, "leeftijd": 6},
    ).content.decode()
    assert many.count("Liever met") == 1 and "Liever met een adviseur overleggen?" in many


def test_the_tax_office_is_not_a_wish_for_a_tax_scheme():
    """'belasting' inside 'belastingdienst' or 'belastingschuld' named the fiscal offer type, so
    a tax debt question was answered with the innovation box."""
    assert "fiscaal" not in recognise("schulden bij de belastingdienst").offer_types
    assert "fiscaal" not in recognise("ik heb een belastingschuld").offer_types
    assert "fiscaal" in recognise("kan ik minder belasting betalen als ik investeer?").offer_types
    assert "fiscaal" in recognise("welke belastingvoordelen zijn er").offer_types


def test_a_search_needs_only_the_question_and_the_place(client, small_catalog):
    """Employees and company age may stay empty on /vraag/: the offers still show, and a rule
    the firm may not meet says "Controleer dit" instead of an error ("Er zijn 2 fouten")."""
    page = client.get(
        "/vraag/", {"vraag": "zwaar weer, mijn omzet is gehalveerd", "gemeente": "GM0193"}
    ).content.decode()
    assert "Er zijn 2 fouten" not in page and "Hulp die bij u past" in page
    assert "Doorstart voor gevestigde bedrijven" in page and "Controleer dit:" in page
    assert "Vertel hierboven meer over uw bedrijf" in page
    told = client.get(
        "/vraag/",
        {"vraag": "zwaar weer, mijn omzet is gehalveerd", "gemeente": "GM0193", "leeftijd": 2},
    ).content.decode()
    assert "Doorstart voor gevestigde bedrijven" not in told  # a firm of 2 years may not use it
    complete = client.get(
        "/vraag/",
        {
            "vraag": "zwaar weer, mijn omzet is gehalveerd",
            "gemeente": "GM0193",
            "medewerkers": 4,
            "leeftijd": 12,
            "sector": "i",
        },
    ).content.decode()
    assert "Controleer dit:" not in complete and "Vertel hierboven meer" not in complete
    wrong = client.get(
        "/vraag/", {"vraag": "zwaar weer", "gemeente": "GM0193", "medewerkers": "vijf"}
    ).content.decode()
    assert "Vul een heel getal in, bijvoorbeeld 5." in wrong and "vijf" in wrong  # kept as typed


@pytest.mark.parametrize(
    ("question", "theme"),
    [
        (
            "Ik ben 63 en wil mijn installatiebedrijf over een paar jaar verkopen",
            "bedrijfsopvolging",
        ),
        ("we willen onze zaak over vijf jaar verkopen", "bedrijfsopvolging"),
        ("hoe zet ik mijn bakkerij te koop", "bedrijfsopvolging"),
        ("ik wil via mijn webshop meer verkopen", "marketing"),
        ("hoe kan ik meer verkopen in mijn winkel", "marketing"),
        # Selling abroad is trade abroad (test_fusion), and not the sale of the firm either.
        ("ik wil mijn producten verkopen in het buitenland", "internationalisering"),
    ],
)
def test_selling_the_firm_itself_is_succession_not_sales(question, theme):
    needs = recognise(question)
    assert ("bedrijfsopvolging" in needs.themes) is (theme == "bedrijfsopvolging")
    assert ("marketing" in needs.themes) is (theme == "marketing")
    assert theme in needs.themes
    # Only the firm changing hands is the direction "stoppen", not selling goods.
    assert ("stoppen" in needs.directions) is (theme == "bedrijfsopvolging")


def test_two_theme_names_that_hold_en_themselves_are_told_apart(small_catalog):
    zwolle, _offers = small_catalog
    offer = make_offer(
        provider=make_organisation("twee-thema"),
        title="Financieel plan voor de toekomst",
        themes=list(Theme.objects.filter(code__in=["financiering", "strategie"])),
    )
    line = matcher.explain(offer, ["financiering", "strategie"], profile(zwolle))
    assert line.startswith("Past bij uw vraag over financiering en over strategie en toekomst;")


def test_a_question_in_english_gets_a_pointer_to_business_gov_nl(client, small_catalog):
    english = client.get(
        "/vraag/", {"vraag": "I want to start a business in the Netherlands", "gemeente": "GM0193"}
    ).content.decode()
    assert 'lang="en"' in english and "https://business.gov.nl/" in english
    dutch = client.get(
        "/vraag/", {"vraag": "ik wil een bedrijf beginnen in Zwolle", "gemeente": "GM0193"}
    ).content.decode()
    assert "business.gov.nl" not in dutch


def test_the_check_hint_names_only_what_the_entrepreneur_left_out(client, small_catalog):
    """The hint above the offers asked for the number of employees that had just been given;
    it now names only the facts that would settle a "Controleer dit"."""

    def verdict(rule):
        return matcher.RuleVerdict(rule, CHECK, "Alleen voor ...")

    def result(*rules):
        return matcher.MatchResult(
            question="",
            profile=None,
            needs=None,
            matches=[
                matcher.OfferMatch(
                    offer=None, score=1, themes=[], explanation="", next_step="", rules=[verdict(r)]
                )
                for r in rules
            ],
            contact=None,
            eligible_count=len(rules),
        )

    assert result("sector").facts_to_tell() == ["de sector"]
    assert result("bedrijfsleeftijd", "medewerkers", "grootte").facts_to_tell() == [
        "hoeveel mensen er werken",
        "hoe lang het bestaat",
    ]
    page = client.get(
        "/vraag/",
        {"vraag": "zwaar weer, mijn omzet is gehalveerd", "gemeente": "GM0193", "medewerkers": 4},
    ).content.decode()
    assert "Controleer dit:" in page and "hoe lang het bestaat" in page
    assert "hoeveel mensen er werken" not in page


def test_outside_the_regions_the_answer_page_promises_no_regional_team(client, small_catalog):
    """Amsterdam is in no region of the catalog: a national team reads a handed-over question
    (the status page says so), so the answer page may not send it to "het schakelteam in uw
    regio"."""
    outside = client.get(
        "/vraag/", {"vraag": "energie besparen", "gemeente": "GM0363"}
    ).content.decode()
    assert "Liever met een adviseur overleggen?" in outside
    assert "Een landelijk team denkt met u mee" in outside
    assert "Het schakelteam in uw regio" not in outside
    inside = client.get("/vraag/", {"vraag": "energie besparen", "gemeente": "GM0193"})
    assert "Een landelijk team" not in inside.content.decode()
