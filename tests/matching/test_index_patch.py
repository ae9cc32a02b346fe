"""The in-memory offer index follows catalog changes by patching, not by a full rebuild."""

import datetime

import numpy as np
import pytest

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import JourneyPhase, Theme
from scharnier.core import embeddings
from scharnier.matching import ranker
from scharnier.matching.models import FeatureSetVersion, OfferEmbedding
from scharnier.matching.needs import recognise
from scharnier.matching.queries import Profile, eligible_offers
from scharnier.matching.services import bump_feature_version, compute_offer_embeddings
from tests.factories import make_offer

pytestmark = pytest.mark.django_db

OVEN = "Geld voor een nieuwe broodoven in uw bakkerij, die minder gas gebruikt."
QUESTIONS = [
    "Ik zoek geld voor een nieuwe broodoven in mijn bakkerij",
    "Mijn energierekening is te hoog",
    "Ik kan geen personeel vinden",
    "Hoe bereken ik de CO2-uitstoot van mijn bedrijf?",
]


def change_summary(offer, summary):
    catalog_services.update_offer(actor=None, offer=offer, data={"summary": summary})
    compute_offer_embeddings([offer.pk])


def ranking(question, zwolle):
    ids = list(eligible_offers(Profile(zwolle, employees=10)).values_list("pk", flat=True))
    return [s.offer_id for s in ranker.score_offers(question, recognise(question), ids)]


def test_a_changed_offer_is_appended_and_ranks_as_after_a_full_build(small_catalog):
    zwolle, offers = small_catalog
    first = ranker.get_index()
    assert first.patched_rows == 0 and first.built_rows == len(first.ids)
    changed = offers["staff"]
    change_summary(changed, OVEN)

    patched = ranker.get_index()
    assert patched is not first
    assert patched.built_rows == first.built_rows and patched.patched_rows == 1
    row = patched.position[changed.pk]
    assert row == len(first.ids)  # appended; the other offers keep their rows
    assert all(patched.position[i] == first.position[i] for i in first.position if i != changed.pk)
    stored = OfferEmbedding.objects.get(offer=changed)
    np.testing.assert_array_equal(patched.vectors[row], embeddings.from_bytes(bytes(stored.vector)))
    assert ranker.get_index() is patched  # nothing changed since: the same index

    patched_rankings = [ranking(q, zwolle) for q in QUESTIONS]
    ranker._index = ranker._build(patched.version)
    full_rankings = [ranking(q, zwolle) for q in QUESTIONS]
    assert patched_rankings[0][0] == changed.pk
    for patched_order, full_order in zip(patched_rankings, full_rankings, strict=True):
        # Corpus statistics are those of the last build, so scores differ a little: the
        # offers at the top are the same.
        assert patched_order[:3] == full_order[:3]


def test_a_new_offer_is_found_at_once(small_catalog):
    zwolle, offers = small_catalog
    first = ranker.get_index()
    new = make_offer(
        provider=offers["staff"].provider,
        title="Bakkerij verkopen",
        summary=OVEN,
        themes=list(Theme.objects.filter(code="bedrijfsopvolging")),
    )
    compute_offer_embeddings([new.pk])
    assert ranking(QUESTIONS[0], zwolle)[0] == new.pk
    index = ranker.get_index()
    assert index.patched_rows == 1 and index.position[new.pk] == len(first.ids)


def test_too_many_changes_mean_a_full_build(small_catalog, monkeypatch):
    _, offers = small_catalog
    ranker.get_index()
    monkeypatch.setattr(ranker, "PATCH_MIN_ROWS", 1)
    monkeypatch.setattr(ranker, "PATCH_SHARE", 0.0)
    change_summary(offers["staff"], OVEN)
    assert ranker.get_index().patched_rows == 1
    change_summary(offers["succession"], "Een opvolger vinden in de familie.")
    rebuilt = ranker.get_index()
    assert rebuilt.patched_rows == 0 and len(rebuilt.ids) == rebuilt.built_rows


def test_a_theme_the_index_has_no_column_for_means_a_full_build(small_catalog):
    _, offers = small_catalog
    first = ranker.get_index()
    unused = Theme.objects.exclude(code__in=first.theme_codes).first()
    catalog_services.update_offer(actor=None, offer=offers["staff"], data={"themes": [unused]})
    compute_offer_embeddings([offers["staff"].pk])
    rebuilt = ranker.get_index()
    assert rebuilt.patched_rows == 0 and unused.code in rebuilt.theme_codes


def test_a_row_written_late_by_another_process_is_not_missed(small_catalog):
    _, offers = small_catalog
    first = ranker.get_index()
    newest = max(first.computed.values())
    # Another writer computed this row a minute before the newest one the index has read,
    # but committed it after the index was built.
    late = OfferEmbedding.objects.get(offer=offers["co2"])
    vector = np.roll(embeddings.from_bytes(bytes(late.vector)), 1)
    OfferEmbedding.objects.filter(pk=late.pk).update(
        vector=embeddings.to_bytes(vector), computed_at=newest - datetime.timedelta(minutes=1)
    )
    bump_feature_version()
    patched = ranker.get_index()
    assert patched.patched_rows == 1
    np.testing.assert_array_equal(patched.vectors[patched.position[offers["co2"].pk]], vector)


def test_a_lower_version_means_a_full_build(small_catalog):
    first = ranker.get_index()
    # A database restored from a backup carries an older version number.
    FeatureSetVersion.objects.filter(pk=1).update(version=0)
    rebuilt = ranker.get_index()
    assert rebuilt is not first and rebuilt.patched_rows == 0


def test_a_change_of_journey_phases_alone_reaches_the_index(small_catalog):
    _, offers = small_catalog
    first = ranker.get_index()
    offer = offers["staff"]  # phases weten and kunnen
    row = first.position[offer.pk]
    assert first.phase_matrix[row, first.phase_codes.index("willen")] == 0
    phases = list(JourneyPhase.objects.filter(code="willen"))
    catalog_services.update_offer(actor=None, offer=offer, data={"journey_phases": phases})
    compute_offer_embeddings([offer.pk])  # the text is the same: no new vectors
    patched = ranker.get_index()
    assert patched.patched_rows == 1
    row = patched.position[offer.pk]
    assert patched.phase_matrix[row, patched.phase_codes.index("willen")] == 1
    assert patched.phase_matrix[row, patched.phase_codes.index("kunnen")] == 0


def test_while_another_thread_rebuilds_requests_use_the_previous_index(small_catalog):
    zwolle, offers = small_catalog
    before = ranker.get_index()
    change_summary(offers["staff"], OVEN)  # the stored version moves on

    with ranker._lock:  # as if another request were building the new index now
        during = ranker.get_index()
        assert during is before
        assert ranking(QUESTIONS[1], zwolle)  # it still answers, from the previous index

    after = ranker.get_index()
    assert after is not before and after.version != before.version
    assert ranking(QUESTIONS[0], zwolle)[0] == offers["staff"].pk
