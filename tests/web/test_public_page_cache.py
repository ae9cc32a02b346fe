"""Public pages are cached for anonymous visitors only, and a catalog change shows at once."""

import pytest
from django.core.cache import cache

from scharnier.organisations.models import Role
from tests.factories import make_offer, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_anonymous_page_comes_from_the_cache_the_second_time(
    client, page_cache, django_assert_num_queries
):
    offer = make_offer(title="Energiescan voor de bakker")
    first = client.get(f"/aanbod/{offer.public_id}/")
    assert first.status_code == 200 and "Energiescan voor de bakker" in first.content.decode()
    assert "public" in first["Cache-Control"] and "Cookie" in first["Vary"]
    with django_assert_num_queries(0):
        second = client.get(f"/aanbod/{offer.public_id}/")
    assert second.content == first.content


def test_a_catalog_change_shows_at_once(client, page_cache, django_capture_on_commit_callbacks):
    provider = make_organisation()
    make_offer(provider=provider, title="Eerste aanbod")
    assert "Tweede aanbod" not in client.get("/aanbod/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        make_offer(provider=provider, title="Tweede aanbod")
    assert "Tweede aanbod" in client.get("/aanbod/").content.decode()


def test_signed_in_users_never_get_or_fill_the_cache(
    client, page_cache, django_assert_max_num_queries
):
    provider = make_organisation()
    offer = make_offer(provider=provider, title="Aanbod met historie")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=provider)
    client.force_login(editor)
    own = client.get(f"/aanbod/{offer.public_id}/")
    assert "public" not in own.get("Cache-Control", "")
    client.logout()
    anonymous = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    # The editor's page (with change history, a personal-data part) was not stored.
    assert anonymous != own.content.decode()
    client.force_login(editor)
    with django_assert_max_num_queries(50) as queries:
        client.get(f"/aanbod/{offer.public_id}/")
    assert len(queries) > 0  # rendered for the editor, not taken from the cache


def test_cache_can_be_switched_off(client, settings, django_assert_max_num_queries):
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 0
    offer = make_offer()
    client.get(f"/aanbod/{offer.public_id}/")
    with django_assert_max_num_queries(50) as queries:
        client.get(f"/aanbod/{offer.public_id}/")
    assert len(queries) > 0
