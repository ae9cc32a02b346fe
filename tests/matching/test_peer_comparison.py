"""The plan beside similar firms (Actieagenda, bijlage 2, IBDO Benchmark: "inzicht in hoe het
bedrijf het doet t.o.v. vergelijkbare bedrijven"): same size class, and sector when enough of
them did the scan; shares only, small counts withheld."""

import html

import pytest

from scharnier.geography.models import Municipality
from scharnier.matching import scan, services
from scharnier.matching.queries import MIN_PEERS, Profile, peer_comparison
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_region

THEME_CODES = [q["code"] for q in scan.framework()["theme_questions"]]


def _plan(employees: int, sector: str, direction: str = "groeien", **answers):
    values = {code: 0 for code in THEME_CODES}
    values.update(answers)
    return services.create_plan(
        profile=Profile(
            municipality=Municipality.objects.get(code="GM0193"),
            employees=employees,
            sbi_section=sector,
            company_age_years=6,
        ),
        answers={scan.DIRECTION_QUESTION: direction, **values},
    )


@pytest.mark.django_db
def test_too_few_similar_firms_give_no_comparison(client):
    make_region("regio-zwolle", municipality_codes=["GM0193"])
    own = _plan(5, "f")
    for _ in range(MIN_PEERS - 1):
        _plan(4, "f")
    _plan(30, "f")  # another size class: no peer
    assert peer_comparison(own) is None
    page = html.unescape(client.get(f"/plan/{own.token}/").content.decode())
    assert "Nog te weinig vergelijkbare bedrijven deden de toekomstscan" in page


@pytest.mark.django_db
def test_the_plan_shows_shares_of_similar_firms_with_small_counts_withheld(client):
    make_region("regio-zwolle", municipality_codes=["GM0193"])
    own = _plan(5, "f", energie=3)
    for number in range(MIN_PEERS):
        # 10 of 20 builders find energy important, 3 find staff urgent, 15 want to grow.
        _plan(
            3,
            "f",
            direction="groeien" if number < 15 else "stoppen",
            energie=2 if number < 10 else 0,
            personeel=3 if number < 3 else 1,
        )
    for _ in range(MIN_PEERS):
        _plan(3, "g", energie=3)  # same size, another sector: left out while builders suffice
    found = peer_comparison(own)
    assert (found.peers, found.size_class.code) == (MIN_PEERS, "micro")
    assert found.sector == "Bouw"  # the everyday name of SBI section F
    shares = {row.theme.code: row.important_share for row in found.themes}
    assert shares["verduurzaming"] == 50.0
    assert shares["arbeidsmarkt"] is None  # 3 firms: withheld
    assert found.same_direction_share == 75.0
    energy = next(row for row in found.themes if row.theme.code == "verduurzaming")
    assert energy.own_answer == "Urgent: ik wil dit nu aanpakken"

    page = html.unescape(client.get(f"/plan/{own.token}/").content.decode())
    assert (
        "Zo antwoordden 20 andere bedrijven met minder dan 10 medewerkers in de sector Bouw. "
        "Zij deden ook de toekomstscan." in page
    )
    assert "75% van hen koos dezelfde richting als u." in page
    assert "te weinig gegevens" in page


@pytest.mark.django_db
def test_without_enough_firms_in_the_sector_the_size_class_is_the_group():
    make_region("regio-zwolle", municipality_codes=["GM0193"])
    own = _plan(12, "i")
    for number in range(MIN_PEERS + 5):
        _plan(20, "i" if number < 4 else "c", energie=2)
    found = peer_comparison(own)
    assert (found.peers, found.sector, found.size_class.code) == (MIN_PEERS + 5, "", "klein")
    assert found.size_words == "met 10 tot 50 medewerkers"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_the_comparison_reads_on_a_phone(page, live_server):
    make_region("regio-zwolle", municipality_codes=["GM0193"])
    own = _plan(5, "f", energie=3)
    for number in range(MIN_PEERS + 5):
        _plan(4, "f", energie=2 if number % 2 else 3, digitaal=number % 4)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/plan/{own.token}/")
    section = page.locator("section.plan-peers")
    assert "Vergelijkbare bedrijven" in section.inner_text()
    assert section.get_by_role("table").count() == 1
    assert_accessible_and_fits(page)
