"""The money clean-up frees (Visie 2030, pijler 2 en 3: "De besparingen die dit oplevert, worden
ingezet als 'opbrengst' in de businesscase van het nieuwe stelsel om regionale vraagactivatie te
financieren"): recorded per decision, year and region, added up on the clean-up page."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.catalog.models import JourneyPhase, OfferType, ScopeLevel, Theme
from scharnier.landscape import services
from scharnier.landscape.models import DecisionKind, FreedBudget, OverlapCluster, OverlapDecision
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_offer, make_organisation, make_region, make_user

THIS_YEAR = timezone.localdate().year


def _twins(**extra):
    common = dict(
        offer_type=OfferType.objects.get(code="advies"),
        themes=list(Theme.objects.filter(code="bedrijfsopvolging")),
        journey_phases=list(JourneyPhase.objects.filter(code="willen")),
        **extra,
    )
    offers = [
        make_offer(
            title="Begeleiding bedrijfsoverdracht",
            summary="Een coach helpt u uw bedrijf klaar te maken voor een nieuwe eigenaar.",
            budget_eur=Decimal("400000"),
            **common,
        ),
        make_offer(
            title="Advies opvolging voor stoppende ondernemers",
            summary="Een adviseur bereidt met u de verkoop of overdracht van uw bedrijf voor.",
            **common,
        ),
    ]
    services.run_overlap_analysis()
    return offers, OverlapCluster.objects.get()


def _budget_form(**fields) -> dict:
    return {"form": "budget", "year": str(THIS_YEAR), "region": "", "note": "", **fields}


@pytest.mark.django_db
def test_a_merge_frees_money_for_a_region_and_the_cleanup_page_adds_it_up(client):
    _offers, cluster = _twins()
    zwolle = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    analyst = make_user(Role.NATIONAL_ANALYST)
    client.force_login(analyst)
    url = f"/stelsel/overlap/{cluster.pk}/"
    page = client.get(url).content.decode()
    # Before a decision that stops offers there is nothing to record.
    assert "Na een besluit om samen te voegen of af te stemmen" in page
    assert 'name="amount_eur"' not in page
    assert "budget € 400.000" in page  # the register's budget beside the offer

    client.post(url, {"decision": DecisionKind.MERGE, "note": "Eén regeling"})
    decision = OverlapDecision.objects.get()
    bad = client.post(
        url,
        _budget_form(decision=str(decision.pk), amount_eur="veel", year="1999", note="<b>x</b>"),
    )
    assert bad.status_code == 400
    text = html.unescape(bad.content.decode())
    assert "Vul een bedrag in euro in, bijvoorbeeld 1.250,50 of 800." in text
    assert 'value="veel"' in text  # what was typed comes back
    assert "HTML-code (zoals <script> of <b>) is niet toegestaan." in text
    assert FreedBudget.objects.count() == 0
    bad = client.post(url, _budget_form(decision=str(decision.pk), amount_eur="0", year="1999"))
    text = html.unescape(bad.content.decode())
    assert "Vul een bedrag groter dan 0 in." in text
    assert f"Vul een jaar in van 2020 tot en met {THIS_YEAR + 10}." in text
    bad = client.post(url, _budget_form(decision="999999", amount_eur="10"))
    assert "Kies een besluit uit de lijst." in html.unescape(bad.content.decode())
    assert FreedBudget.objects.count() == 0

    ok = client.post(
        url,
        _budget_form(
            decision=str(decision.pk),
            amount_eur="1.250.000",
            region=str(zwolle.pk),
            note="Toegezegd door EZ",
        ),
    )
    assert ok.status_code == 302 and ok["Location"].endswith(f"{url}#budget")
    client.post(
        url, _budget_form(decision=str(decision.pk), amount_eur="250000", year=str(THIS_YEAR + 1))
    )
    entries = list(FreedBudget.objects.order_by("year"))
    assert [(e.year, e.amount_eur, e.region) for e in entries] == [
        (THIS_YEAR, Decimal("1250000.00"), zwolle),
        (THIS_YEAR + 1, Decimal("250000.00"), None),
    ]
    assert entries[0].recorded_by == analyst and entries[0].note == "Toegezegd door EZ"
    page = client.get(url).content.decode()
    assert "Vrijgespeeld budget bij dit cluster: € 1.500.000 in totaal" in page

    # The clean-up page is public: totals, the region table, no notes or names.
    client.logout()
    cleanup = html.unescape(client.get("/stelsel/opschoning/").content.decode())
    assert (
        "Vastgelegd: € 1.500.000 bij 1 besluit. Daarvan is € 1.250.000 toegewezen aan een regio."
    ) in cleanup
    assert "Vrijgespeeld budget per jaar en regio (euro)" in cleanup
    assert "Toegezegd door EZ" not in cleanup and analyst.username not in cleanup
    rows = client.get("/stelsel/opschoning/?formaat=csv").content.decode("utf-8-sig").splitlines()
    assert "Regio Zwolle;1.250.000;0" in rows
    assert "Nog niet toegewezen;0;250.000" in rows
    assert "Totaal;1.250.000;250.000" in rows
    assert any(
        r.startswith(decision.decided_at.strftime("%Y-%m-%d")) and r.endswith(";1.500.000")
        for r in rows
    )
    report = html.unescape(client.get("/stelsel/opschoning/?formaat=rapport").content.decode())
    assert "Daarvan is € 1.250.000 toegewezen aan een regio." in report


@pytest.mark.django_db
def test_stopped_offers_show_their_budget_as_a_reference():
    from scharnier.landscape import queries

    offers, cluster = _twins()
    analyst = make_user(Role.NATIONAL_ANALYST)
    services.record_decision(actor=analyst, cluster=cluster, decision=DecisionKind.MERGE)
    offers[0].valid_until = timezone.localdate() - datetime.timedelta(days=1)
    offers[0].save()
    ledger = queries.freed_budget_ledger(queries.cleanup_after_decisions())
    assert ledger.retired_budget == Decimal("400000")
    assert ledger.total == 0  # the register's budget is not a recorded saving


@pytest.mark.django_db
def test_only_decisions_that_stop_offers_free_money_and_only_reviewers_record_it(client):
    zwolle = make_region("regio-zwolle", municipality_codes=["GM0193"])
    _offers, cluster = _twins(scope_level=ScopeLevel.REGION, regions=[zwolle])
    elsewhere = make_region("achterhoek", municipality_codes=["GM0197"])
    analyst = make_user(Role.NATIONAL_ANALYST)
    keep = services.record_decision(actor=analyst, cluster=cluster, decision=DecisionKind.KEEP)
    with pytest.raises(ValidationError) as refused:
        services.record_freed_budget(
            actor=analyst, decision=keep, amount_eur=Decimal("10"), year=THIS_YEAR
        )
    assert "stopt geen aanbod" in str(refused.value)
    align = services.record_decision(actor=analyst, cluster=cluster, decision=DecisionKind.ALIGN)

    own_director = make_user(Role.REGIONAL_DIRECTOR, region=zwolle)
    other_director = make_user(Role.REGIONAL_DIRECTOR, region=elsewhere)
    editor = make_user(Role.PROVIDER_EDITOR, organisation=make_organisation())
    for outsider in (other_director, editor):
        with pytest.raises(PermissionDenied):
            services.record_freed_budget(
                actor=outsider, decision=align, amount_eur=Decimal("10"), year=THIS_YEAR
            )
    entry = services.record_freed_budget(
        actor=own_director, decision=align, amount_eur=Decimal("12.345"), year=THIS_YEAR
    )
    assert entry.amount_eur == Decimal("12.35")
    for bad in (Decimal("NaN"), Decimal("-5"), Decimal("1E+13")):
        with pytest.raises(ValidationError):
            services.record_freed_budget(
                actor=analyst, decision=align, amount_eur=bad, year=THIS_YEAR
            )

    # Removing: POST only, by a reviewer; the cluster page offers no form to a KEEP-only cluster.
    remove = f"/stelsel/overlap/{cluster.pk}/budget/{entry.pk}/verwijderen/"
    client.force_login(other_director)
    assert client.post(remove).status_code == 403
    client.force_login(own_director)
    assert client.get(remove).status_code == 302
    assert FreedBudget.objects.filter(pk=entry.pk).exists()
    page = client.get(f"/stelsel/overlap/{cluster.pk}/").content.decode()
    assert "Verwijder bedrag" in page
    response = client.post(remove)
    assert response.status_code == 302 and response["Location"].endswith("#budget")
    assert not FreedBudget.objects.exists()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_an_analyst_records_freed_money_on_a_phone(page, live_server, login):
    _offers, cluster = _twins()
    analyst = make_user(Role.NATIONAL_ANALYST, username="analist-telefoon")
    services.record_decision(actor=analyst, cluster=cluster, decision=DecisionKind.MERGE)
    page.set_viewport_size({"width": 390, "height": 844})
    login(analyst)
    page.goto(f"{live_server.url}/stelsel/overlap/{cluster.pk}/")
    page.get_by_label("Bedrag in euro").fill("twee ton")
    page.get_by_role("button", name="Bedrag vastleggen").click()
    page.wait_for_load_state()
    assert "Vul een bedrag in euro in" in page.inner_text("main")
    assert page.get_by_label("Bedrag in euro").input_value() == "twee ton"
    assert_accessible_and_fits(page)
    page.get_by_label("Bedrag in euro").fill("200.000")
    page.get_by_role("button", name="Bedrag vastleggen").click()
    page.wait_for_load_state()
    assert "Het vrijgespeelde budget is vastgelegd." in page.inner_text("main")
    assert "€\u00a0200.000" in page.inner_text("main")
    assert_accessible_and_fits(page)
    assert FreedBudget.objects.get().amount_eur == Decimal("200000")
