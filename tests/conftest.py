import os
import time
from types import SimpleNamespace

import pytest

from tests.factories import ensure_reference_data
from tests.twofactor import TEST_SECRET, verify_client_session

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told it is safe (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    assert CHROMIUM.exists(), "Debian chromium missing: run `make test` (installs it via apt)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    """Log a user in through the real login form and the two-step verification page."""

    from tests.browser import login as browser_login

    def do_login(user, password: str = "Geheim-wachtwoord-123", *, on_page=None) -> None:
        # A user set up earlier in the test (e.g. by force_login) has the test secret.
        browser_login(on_page or page, live_server.url, user.username, password, TEST_SECRET)

    return do_login


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in (
        request.fixturenames
    )
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch):
    """`client.force_login(user)` stands for a full login: password and second factor."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_client_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    """Each test's database is rolled back, which production's never is: an offer index kept
    from an earlier test would be patched with this test's offers instead of built anew."""
    from scharnier.matching import ranker

    ranker._index = None


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit and throttle counters must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limit_clock_inside_one_window(monkeypatch):
    """The limits count in fixed windows: requests on both sides of a window's edge start
    counting again (seen in CI: three /matches requests at hh:30:59.97 and hh:31:00.01 never
    reached a limit of 3 per minute). The limiter's clock stands still in the middle of an
    hour while a test counts."""
    from scharnier.core import ratelimit

    frozen = (time.time() // 3600) * 3600 + 1800.5
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: frozen))


# --- Job queue (issue 11): tests run tasks in-process unless a test starts a real worker. ----
@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    settings.SCHARNIER_TASKS = "eager"
    settings.JOBS_RETRY_BACKOFF_SECONDS = 0


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Cached public pages would leak between tests; tests of the cache switch it on.
    from scharnier.core.reference_cache import forget_reference_lists

    settings.SCHARNIER_PAGE_CACHE_SECONDS = 0
    forget_reference_lists()


# --- Transactional tests restore the database as migrations left it. ----------------------
# A transactional test ends with a flush; without serialized_rollback Django then recreates the
# content types with new ids, and the next serialized test cannot restore its snapshot (unique
# app_label/model). Making every transactional test serialized keeps them independent of order.
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_live_db = {"live_server", "transactional_db"} & set(getattr(item, "fixturenames", ()))
        transactional = bool(uses_live_db) or (
            marker is not None and marker.kwargs.get("transaction")
        )
        if not transactional or (marker is not None and marker.kwargs.get("serialized_rollback")):
            continue
        kwargs = dict(marker.kwargs) if marker is not None else {}
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)
