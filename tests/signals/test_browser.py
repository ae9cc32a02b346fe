"""Real browser with axe-core at 1280 and 390 px: community map, meeting log (with errors),
public signal form, board and thread page."""

import pytest
from playwright.sync_api import expect

from scharnier.signals.models import Signal
from tests.browser import assert_accessible, assert_no_horizontal_scroll
from tests.signals.world import build_world, raise_published_signal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_public_signal_form_board_and_thread(page, live_server, width):
    world = build_world()
    raise_published_signal(world)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/signalen/melden/")
    assert_accessible(page)
    page.get_by_role("button", name="Signaal versturen").click()
    assert page.get_by_role("alert").count() == 1
    assert "Fout:" in page.title()
    assert_accessible(page)
    page.get_by_label("Ik loop ergens op vast").check()
    page.get_by_label("Beschrijf het signaal").fill(
        "De netbeheerder laat ons jaren wachten op een grotere stroomaansluiting."
    )
    page.get_by_label("Gemeente").select_option(label="Zwolle")
    page.get_by_role("button", name="Signaal versturen").click()
    assert page.locator("h1").inner_text() == "Bedankt voor uw signaal"
    reference = Signal.objects.filter(source="publiek").get().reference
    assert reference in page.content()
    page.get_by_role("link", name="Naar het signalenbord").click()
    assert page.get_by_role("table").count() == 1
    # Each thread's suggested subject under its title, and a filter on its category.
    assert page.locator("table .thread-subject").first.inner_text().startswith("Soort knelpunt: ")
    page.get_by_label("Soort knelpunt").select_option(label="Stroomnet en netcongestie")
    page.get_by_role("button", name="Toon", exact=True).click()
    assert "categorie=netcongestie" in page.url
    assert "Stroomnet en netcongestie" in page.locator("table .thread-subject").first.inner_text()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.locator("table a").first.click()
    assert "Trend per maand" in page.content()
    assert "automatisch voorgesteld" in page.content()
    assert "De netbeheerder laat ons" not in page.content()  # not published
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_community_map_and_meeting_log(page, live_server, login, width):
    world = build_world()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/regio/regio-a/communities/")
    assert "Ondernemers Zwolle-Zuid" in page.content()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    login(world.users["schakel_a"])
    page.goto(f"{live_server.url}/bijeenkomsten/nieuw/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Lunch over personeel")
    page.get_by_label("Aantal deelnemers").fill("4")
    page.get_by_label("Waarvan voor het eerst").fill("6")
    page.get_by_role("button", name="Bijeenkomst opslaan").click()
    # expect() waits for the answer page: on a loaded machine the old page can still be there.
    expect(page.locator("body")).to_contain_text(
        "Er kunnen niet meer nieuwe deelnemers zijn dan deelnemers."
    )
    assert_accessible(page)
    page.get_by_label("Waarvan voor het eerst").fill("2")
    page.get_by_role("button", name="Bijeenkomst opslaan").click()
    expect(page.locator("h1")).to_have_text("Lunch over personeel")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_reply_to_an_answer(page, live_server, width):
    from scharnier.signals import feedback
    from scharnier.signals.models import AnswerFeedback, Thread

    world = build_world()
    signal = raise_published_signal(world)
    token = feedback.request_feedback(Thread.objects.get(pk=signal.thread_id))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/signalen/reactie/{token}/")
    assert_accessible(page)
    page.get_by_label("Nee").check()
    page.get_by_role("button", name="Reactie versturen").click()
    assert "Vertel kort wat er beter kan." in page.get_by_role("alert").first.inner_text()
    assert page.get_by_label("Nee").is_checked()  # what was chosen stays
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Toelichting").fill("Het antwoord zegt niet wanneer het beter wordt.")
    page.get_by_role("button", name="Reactie versturen").click()
    assert "Bedankt. Uw reactie is opgeslagen." in page.content()
    assert AnswerFeedback.objects.get().satisfied is False


@pytest.mark.parametrize("width", WIDTHS)
def test_owner_worklist_leads_to_the_thread_to_answer(page, live_server, login, width):
    from scharnier.signals.models import Thread
    from tests.signals.world import in_days

    world = build_world()
    thread = Thread.objects.create(
        title="Netcongestie remt bakkers",
        signal_count=6,
        status="in_behandeling",
        owner=world.organisations["owner"],
        deadline=in_days(3),
    )
    page.set_viewport_size({"width": width, "height": 900})
    login(world.users["aanbieder_owner"])
    page.goto(f"{live_server.url}/")
    work_menu = page.get_by_role("navigation", name="Mijn werk")
    if (summary := work_menu.locator("summary")).is_visible():
        summary.click()  # on a phone the menu folds behind its summary
    work_menu.get_by_role("link", name="Te beantwoorden").click()
    assert page.locator("h1").inner_text() == "Te beantwoorden rode draden"
    assert "nog 3 dagen" in page.content()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name=thread.title).click()
    assert page.locator("h1").inner_text().startswith(thread.title)
    assert page.get_by_role("button", name="Antwoord publiceren").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_meeting_edit_form_corrects_a_counted_number(page, live_server, login, width):
    world = build_world()
    meeting = world.meetings["a"]
    page.set_viewport_size({"width": width, "height": 900})
    login(world.users["schakel_a"])
    page.goto(f"{live_server.url}/bijeenkomsten/{meeting.public_id}/")
    page.get_by_role("link", name="Bijeenkomst wijzigen").click()
    assert page.locator("h1").inner_text() == "Bijeenkomst wijzigen"
    assert page.get_by_label("Aantal deelnemers").is_enabled()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Titel").fill("")
    page.get_by_label("Aantal deelnemers").fill("20")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    assert "Titel: Geef de bijeenkomst een titel" in page.content()
    assert page.get_by_label("Aantal deelnemers").input_value() == "20"  # what was typed stays
    assert_accessible(page)
    page.get_by_label("Titel").fill("Netcongestie: verslag")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    assert page.locator("h1").inner_text() == "Netcongestie: verslag"
    assert "de oude telling is ingetrokken" in page.get_by_role("status").inner_text()


def test_board_shows_every_column_on_a_phone(page, live_server):
    """At 390 px each thread is a card: owner and deadline are on screen, not beside it."""
    from scharnier.signals.models import Thread
    from tests.signals.world import in_days

    world = build_world()
    Thread.objects.create(
        title="Netcongestie remt bakkers",
        signal_count=6,
        status="in_behandeling",
        owner=world.organisations["owner"],
        deadline=in_days(30),
    )
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}/signalen/")
    cells = page.locator("table tbody tr").first.locator("td")
    for index, column in ((2, "Eigenaar"), (3, "Antwoord uiterlijk")):
        cell = cells.nth(index)
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (column, box)
        assert column in cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert world.organisations["owner"].name in cells.nth(2).inner_text()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
