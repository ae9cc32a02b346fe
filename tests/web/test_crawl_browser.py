"""Every role, every menu link, two screen widths: no error page, one <h1>, a <title>, no axe
violations, no script error and nothing blocked by the CSP, a header whose menus stay on one
line at 1280 px, no page that scrolls sideways at 390 px, no word split in the middle inside a
table or data list, and table captions that start where their table starts and stay in view."""

import pytest

from scharnier.organisations.models import Role
from tests.browser import CUT_CAPTIONS_JS, SPLITTABLE_JS, axe_violations
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = (1280, 390)

# Menus whose items do not all sit on the first line of their list.
WRAPPED_MENUS_JS = """() => [...document.querySelectorAll('header ul[data-menu]')].filter(ul => {
  const tops = [...ul.children].map(li => li.getBoundingClientRect().top);
  return Math.max(...tops) - Math.min(...tops) > 2;
}).map(ul => ul.dataset.menu)"""

# Table captions that do not start where their table starts (a centred caption of a table that
# scrolls sideways is cut off on a phone).
CENTRED_CAPTIONS_JS = """() => [...document.querySelectorAll('caption')]
  .filter(c => !['start', 'left'].includes(getComputedStyle(c).textAlign))
  .map(c => c.innerText.slice(0, 40))"""

# The page itself scrolls sideways (a wide table may scroll, inside its own region only).
SIDEWAYS_JS = (
    "() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
)


@pytest.fixture
def world():
    region = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    provider = make_organisation("ondernemerspunt", name="Ondernemerspunt Regio Zwolle")
    make_offer(provider=provider, title="Energie besparen in uw bedrijf")
    admin = make_user(Role.ADMINISTRATOR, username="beheerder")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    return {
        "anoniem": None,
        "beheerder": admin,
        "analist": make_user(Role.NATIONAL_ANALYST, username="analist"),
        "regisseur": make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur"),
        "schakelteam": make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="schakel"),
        "redacteur": make_user(Role.PROVIDER_EDITOR, organisation=provider, username="redacteur"),
    }


def _menu_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "header nav a, footer nav a", "links => links.map(a => a.getAttribute('href'))"
    )


def _watch_scripts(page) -> list[str]:
    """Collects the page's script errors and what the CSP blocks (logged as console errors)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)[:200]))

    def console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(message.text[:200])

    page.on("console", console)
    return errors


def _check_page(page, url: str, width: int, script_errors: list[str]) -> list[str]:
    problems = []
    script_errors.clear()
    response = page.goto(url)
    status = response.status if response else 0
    if status >= 400:
        return [f"{url}: HTTP {status}"]
    if page.locator("h1").count() != 1:
        problems.append(f"{url}: {page.locator('h1').count()} h1 elements")
    if not page.title().strip():
        problems.append(f"{url}: empty <title>")
    if width == 1280 and (wrapped := page.evaluate(WRAPPED_MENUS_JS)):
        problems.append(f"{url}: menu wraps at 1280 px: {wrapped}")
    if split := page.evaluate(SPLITTABLE_JS):
        problems.append(f"{url}: words may break mid-word: {split[:3]}")
    if width == 390 and page.evaluate(SIDEWAYS_JS):
        problems.append(f"{url}: the page scrolls sideways at 390 px")
    if centred := page.evaluate(CENTRED_CAPTIONS_JS):
        problems.append(f"{url}: centred table captions: {centred[:3]}")
    if cut := page.evaluate(CUT_CAPTIONS_JS):
        problems.append(f"{url}: captions cut off: {cut[:3]}")
    if violations := axe_violations(page):
        problems.append(f"{url}: axe {violations}")
    # A script error or a blocked script or style (the CSP) fails silently for the visitor.
    if script_errors:
        problems.append(f"{url}: script errors: {script_errors[:2]}")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_role_follows_every_menu_link(browser, live_server, world, login, width):
    problems = []
    visited_menus = {}
    for role, user in world.items():
        context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(20000)
        script_errors = _watch_scripts(page)
        if user is not None:
            login(user, on_page=page)
        page.goto(f"{live_server.url}/")
        links = _menu_links(page)
        visited_menus[role] = links
        for href in dict.fromkeys(links):
            problems += [
                f"[{role} {width}px] {p}"
                for p in _check_page(page, live_server.url + href, width, script_errors)
            ]
        context.close()
    assert problems == [], "\n".join(problems)
    # Roles see their own work pages and not the others'.
    assert "/beheer/aanbod/" in visited_menus["redacteur"]
    assert "/schakelteam/vragen/" in visited_menus["schakelteam"]
    assert "/stelsel/overlap/" in visited_menus["analist"]
    assert "/stelsel/overlap/" in visited_menus["regisseur"]
    assert "/schakelteam/vragen/" not in visited_menus["redacteur"]
    assert "/beheer/aanbod/" not in visited_menus["anoniem"]
    assert {"/beheer/aanbod/", "/schakelteam/vragen/", "/stelsel/overlap/"} <= set(
        visited_menus["beheerder"]
    )


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("redacteur", "/beheer/aanbod/"),
        ("schakelteam", "/schakelteam/vragen/"),
        ("analist", "/stelsel/"),
        ("regisseur", "/stelsel/?gebied=RG%3Aregio-zwolle"),
        ("beheerder", "/schakelteam/vragen/"),
    ],
)
def test_login_lands_on_the_roles_home(page, live_server, world, login, role, home):
    login(world[role])
    assert page.url == live_server.url + home
