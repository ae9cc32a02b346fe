"""Editor area through the Django test client: sign-in, scope of organisations, forms, archive."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scharnier.catalog.models import JourneyPhase, Offer, OfferType, OfferVersion, Theme
from scharnier.geography.models import Province
from scharnier.organisations.models import Role
from tests.factories import make_offer, make_organisation, make_user
from tests.twofactor import verify_client_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    own = make_organisation("eigen-org", name="Eigen Organisatie")
    other = make_organisation("andere-org", name="Andere Organisatie")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=own, username="redacteur")
    return {
        "own": own,
        "other": other,
        "editor": editor,
        "own_offer": make_offer(provider=own, title="Eigen aanbod"),
        "other_offer": make_offer(provider=other, title="Aanbod van een ander"),
    }


def form_data(**overrides) -> dict:
    data = {
        "title": "Nieuw adviestraject",
        "summary": "Een adviseur helpt u op weg.",
        "description": "",
        "offer_type": OfferType.objects.get(code="advies").pk,
        "themes": [Theme.objects.get(code="innovatie").pk],
        "journey_phases": [JourneyPhase.objects.get(code="willen").pk],
        "scope_level": "nationaal",
        "is_structural": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/aanbod/",
        "/beheer/aanbod/nieuw/",
        "/beheer/aanbod/importeren/",
        "/beheer/aanbod/00000000-0000-0000-0000-000000000000/bewerken/",
        "/beheer/aanbod/00000000-0000-0000-0000-000000000000/archiveren/",
    ],
)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/?next=")


def test_login_page_and_wrong_password(client, setup):
    assert "Gebruikersnaam" in client.get("/inloggen/").content.decode()
    response = client.post("/inloggen/", {"username": "redacteur", "password": "fout"})
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet" in response.content.decode()
    response = client.post(
        "/inloggen/", {"username": "redacteur", "password": "Geheim-wachtwoord-123"}
    )
    # Via the role's home page: an editor starts at their offers.
    assert response.status_code == 302 and response["Location"] == "/start/"
    # An editor reads referred entrepreneurs' data: first the second factor (tests/accounts).
    assert client.get("/start/")["Location"].startswith("/account/tweestapsverificatie/")
    verify_client_session(client, setup["editor"])
    assert client.get("/start/")["Location"] == "/beheer/aanbod/"


def test_logout_is_a_post(client, setup):
    client.force_login(setup["editor"])
    # A GET does not log out: it leads to the home page (no empty English 405 in the browser).
    response = client.get("/uitloggen/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/beheer/aanbod/").status_code == 200
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/beheer/aanbod/").status_code == 302


def test_editor_list_shows_only_own_offers_in_every_status(client, setup):
    archived = make_offer(provider=setup["own"], title="Oud eigen aanbod")
    client.force_login(setup["editor"])
    client.post(f"/beheer/aanbod/{archived.public_id}/archiveren/")
    body = client.get("/beheer/aanbod/").content.decode()
    assert "Eigen aanbod" in body and "Oud eigen aanbod" in body and "Gearchiveerd" in body
    assert "Aanbod van een ander" not in body


def test_user_without_organisation_cannot_create(client, setup):
    client.force_login(make_user())
    assert "nog geen redacteur" in client.get("/beheer/aanbod/").content.decode()
    for url in ("/beheer/aanbod/nieuw/", "/beheer/aanbod/importeren/"):
        refused = client.get(url)
        assert refused.status_code == 403
        assert "Deze pagina hoort niet bij uw rol." in refused.content.decode()
    assert client.post("/beheer/aanbod/nieuw/", form_data()).status_code == 403
    assert not Offer.objects.filter(title="Nieuw adviestraject").exists()


@pytest.mark.parametrize("action", ["bewerken", "archiveren", "herstellen"])
def test_another_organisations_offer_is_not_found(client, setup, action):
    other_offer = setup["other_offer"]
    client.force_login(setup["editor"])
    url = f"/beheer/aanbod/{other_offer.public_id}/{action}/"
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(title="Gekaapt")).status_code == 404
    other_offer.refresh_from_db()
    assert other_offer.title == "Aanbod van een ander" and not other_offer.is_archived
    assert OfferVersion.objects.filter(offer=other_offer).count() == 1


def test_create_for_another_organisation_is_refused(client, setup):
    client.force_login(setup["editor"])
    response = client.post("/beheer/aanbod/nieuw/", form_data(provider=setup["other"].pk))
    assert response.status_code == 400
    assert "Kies een organisatie waarvoor u aanbod beheert." in response.content.decode()
    assert not Offer.objects.filter(title="Nieuw adviestraject").exists()


def test_create_offer_through_the_form(client, setup):
    client.force_login(setup["editor"])
    assert client.get("/beheer/aanbod/nieuw/").status_code == 200
    response = client.post(
        "/beheer/aanbod/nieuw/",
        form_data(
            provider=setup["own"].pk,
            scope_level="provincie",
            provinces=[Province.objects.get(code="PV23").pk],
            valid_from="01-01-2026",
            cost_eur="1.250,50",
            url="https://example.org/advies",
        ),
    )
    offer = Offer.objects.get(title="Nieuw adviestraject")
    assert response.status_code == 302 and response["Location"] == f"/aanbod/{offer.public_id}/"
    assert offer.provider == setup["own"]
    assert str(offer.cost_eur) == "1250.50"
    assert offer.valid_from.isoformat() == "2026-01-01"
    assert [p.code for p in offer.provinces.all()] == ["PV23"]
    assert set(offer.areas.values_list("key", flat=True)) == {"PV23"}
    version = offer.versions.get()
    assert version.changed_by == setup["editor"] and version.source == "formulier"


def test_form_errors_are_shown_and_typed_values_kept(client, setup):
    client.force_login(setup["editor"])
    response = client.post(
        "/beheer/aanbod/nieuw/",
        form_data(
            provider=setup["own"].pk,
            title="Mijn getypte titel",
            themes=[],
            valid_from="2026-06-01",
            valid_until="2026-01-01",
            scope_level="regio",
            cost_eur="abc",
            budget_eur="-5",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Er is iets niet goed ingevuld" in body
    assert "Vul een bedrag in euro in, bijvoorbeeld 1.250,50 of 800." in body
    assert "Vul een bedrag van 0 of meer in." in body
    assert "Voer een getal in" not in body
    assert "Kies minstens één thema." in body
    assert "De einddatum ligt voor de begindatum." in body
    assert "Kies minstens één regio." in body
    assert 'value="Mijn getypte titel"' in body
    assert 'value="2026-06-01"' in body
    # The error summary links to the fields; the fields are marked invalid.
    assert 'href="#id_themes_0"' in body and 'href="#id_valid_until"' in body
    assert 'aria-invalid="true"' in body
    assert not Offer.objects.filter(title="Mijn getypte titel").exists()
    # The options of a refused group keep their component classes (the theme's 24 px boxes).
    assert 'class="utrecht-checkbox utrecht-checkbox--html-input" id="id_themes_0"' in body
    # The summary lists the errors in the order the fields stand on the page.
    summary = body[body.index("Er is iets niet goed ingevuld") :]
    summary = summary[: summary.index("</ul>")]
    linked = re.findall(r'href="#(id_[a-z_0-9]+)"', summary)
    assert len(linked) >= 5
    on_page = sorted(linked, key=lambda target: body.index(f'id="{target}"'))
    assert linked == on_page


def test_a_year_typed_wrong_is_refused_on_every_date_of_the_offer(client, setup):
    client.force_login(setup["editor"])
    response = client.post(
        "/beheer/aanbod/nieuw/",
        form_data(
            provider=setup["own"].pk,
            title="Subsidie met een tikfout",
            valid_from="0202-06-01",
            valid_until="2206-01-01",
            last_verified_on="1926-11-30",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Vul een datum in tussen 2000 en 2100") == 6  # summary and field, each
    assert 'value="2206-01-01"' in body
    assert not Offer.objects.filter(title="Subsidie met een tikfout").exists()


def test_field_level_errors_in_dutch(client, setup):
    client.force_login(setup["editor"])
    response = client.post(
        "/beheer/aanbod/nieuw/",
        form_data(
            provider=setup["own"].pk,
            title="",
            valid_from="31-02-2026",
            url="geen url",
            contact_phone="bel ons gerust",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vul een titel in." in body
    assert "Dit is geen telefoonnummer. Gebruik cijfers, bijvoorbeeld 038 123 45 67." in body
    assert 'value="bel ons gerust"' in body
    assert "Vul een bestaande datum in, bijvoorbeeld 31-12-2026." in body
    assert "Vul een volledig webadres in, bijvoorbeeld https://www.voorbeeld.nl." in body


def test_edit_own_offer_and_version_is_recorded(client, setup):
    offer = setup["own_offer"]
    client.force_login(setup["editor"])
    page = client.get(f"/beheer/aanbod/{offer.public_id}/bewerken/").content.decode()
    assert 'value="Eigen aanbod"' in page
    response = client.post(
        f"/beheer/aanbod/{offer.public_id}/bewerken/",
        form_data(title="Eigen aanbod, nieuwe naam", summary=offer.summary),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Eigen aanbod, nieuwe naam" and offer.provider == setup["own"]
    latest = offer.versions.order_by("-number").first()
    assert latest.number == 2 and "title" in latest.changed_fields


def test_changing_scope_level_drops_areas_of_the_old_level(client, setup):
    offer = make_offer(
        provider=setup["own"],
        scope_level="provincie",
        provinces=[Province.objects.get(code="PV23")],
    )
    client.force_login(setup["editor"])
    response = client.post(
        f"/beheer/aanbod/{offer.public_id}/bewerken/",
        form_data(
            title=offer.title,
            scope_level="nationaal",
            provinces=[Province.objects.get(code="PV23").pk],
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.scope_level == "nationaal" and not offer.provinces.exists()
    assert list(offer.areas.values_list("key", flat=True)) == ["NL"]


def test_archive_needs_confirmation_then_restore(client, setup):
    offer = setup["own_offer"]
    client.force_login(setup["editor"])
    confirm = client.get(f"/beheer/aanbod/{offer.public_id}/archiveren/")
    assert confirm.status_code == 200 and "Weet u zeker" in confirm.content.decode()
    offer.refresh_from_db()
    assert not offer.is_archived
    assert client.post(f"/beheer/aanbod/{offer.public_id}/archiveren/").status_code == 302
    offer.refresh_from_db()
    assert offer.is_archived
    # The editor still sees the archived offer; the public does not.
    assert client.get(f"/aanbod/{offer.public_id}/").status_code == 200
    assert client.post(f"/beheer/aanbod/{offer.public_id}/herstellen/").status_code == 302
    offer.refresh_from_db()
    assert not offer.is_archived
    assert offer.versions.count() == 3


def test_administrator_may_edit_any_organisation(client, setup):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    other_offer = setup["other_offer"]
    response = client.post(
        f"/beheer/aanbod/{other_offer.public_id}/bewerken/",
        form_data(title="Door beheerder aangepast"),
    )
    assert response.status_code == 302
    other_offer.refresh_from_db()
    assert other_offer.title == "Door beheerder aangepast"


def test_import_page_requires_a_file(client, setup):
    client.force_login(setup["editor"])
    assert client.get("/beheer/aanbod/importeren/").status_code == 200
    response = client.post("/beheer/aanbod/importeren/", {"provider": setup["own"].pk})
    assert response.status_code == 400
    assert "Kies een bestand om te uploaden." in response.content.decode()


GOOD_CSV = (
    "kenmerk;titel;samenvatting;soort;themas;fasen;gebied\n"
    "EO-1;Startersspreekuur;Elke week vragen stellen aan een adviseur.;advies;strategie;weten;"
    "nationaal\n"
)
BAD_CSV = (
    "kenmerk;titel;samenvatting;soort;themas;fasen;gebied\n"
    "EO-2;Goed aanbod;Samenvatting.;advies;strategie;weten;nationaal\n"
    "EO-3;Fout aanbod;Samenvatting.;advies;ruimtevaart;weten;nationaal\n"
)


def upload(client, provider, content: str, *, name: str = "aanbod.csv"):
    """Upload a file: the page checks it as a job and sends the user to the job's page."""
    data = {"provider": provider.pk, "file": SimpleUploadedFile(name, content.encode("utf-8"))}
    return client.post("/beheer/aanbod/importeren/", data, follow=True)


def confirm(client, response):
    """Press "Opslaan" on the page of a clean check."""
    job = response.context["job"]
    return client.post(f"/beheer/aanbod/importeren/{job.public_id}/opslaan/", follow=True)


def test_import_check_then_save_without_a_second_upload(client, setup):
    client.force_login(setup["editor"])
    before = Offer.objects.count()
    response = upload(client, setup["own"], GOOD_CSV)
    assert response.status_code == 200
    result = response.context["job"].result
    assert result["ok"] and result["dry_run"] and result["created"] == 1
    body = response.content.decode()
    assert "Er is nog niets opgeslagen" in body and ">Opslaan</button>" in body
    assert Offer.objects.count() == before

    response = confirm(client, response)
    assert response.context["job"].result["created"] == 1
    assert "het aanbod is opgeslagen" in response.content.decode()
    offer = Offer.objects.get(external_id="EO-1")
    assert offer.provider == setup["own"] and offer.versions.get().changed_by == setup["editor"]

    # The same file again: the check finds it unchanged, and saving it changes nothing.
    response = upload(client, setup["own"], GOOD_CSV)
    assert response.context["job"].result["unchanged"] == 1
    assert confirm(client, response).context["job"].result["unchanged"] == 1


def test_import_problems_are_listed_and_nothing_is_saved(client, setup):
    client.force_login(setup["editor"])
    before = Offer.objects.count()
    response = upload(client, setup["own"], BAD_CSV)
    result = response.context["job"].result
    assert not result["ok"]
    body = response.content.decode()
    assert "Er is niets opgeslagen" in body and ">Opslaan</button>" not in body
    assert "Problemen in het bestand" in body and "ruimtevaart" in body
    problem = result["problems"][0]
    assert problem["field"] == "themas"
    assert f'<td class="utrecht-table__cell">{problem["row"]}</td>' in body
    # A check with problems cannot be saved, not even by posting the button's address.
    response = confirm(client, response)
    assert "Alleen een bestand zonder problemen kan worden opgeslagen." in response.content.decode()
    assert Offer.objects.count() == before


def test_import_into_another_organisation_is_refused(client, setup):
    client.force_login(setup["editor"])
    response = upload(client, setup["other"], GOOD_CSV)
    assert response.status_code == 400
    assert "Kies een organisatie waarvoor u aanbod beheert." in response.content.decode()
    assert not Offer.objects.filter(external_id="EO-1").exists()


def test_impact_data_is_edited_in_the_form_and_shown_on_the_detail_page(client, setup):
    offer = setup["own_offer"]
    client.force_login(setup["editor"])
    page = client.get(f"/beheer/aanbod/{offer.public_id}/bewerken/").content.decode()
    assert 'name="has_impact_data"' in page and 'name="impact_note"' in page
    response = client.post(
        f"/beheer/aanbod/{offer.public_id}/bewerken/",
        form_data(
            title=offer.title,
            summary=offer.summary,
            has_impact_data="on",
            impact_note="Evaluatie door de provincie in 2025",
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.has_impact_data is True
    assert offer.impact_note == "Evaluatie door de provincie in 2025"
    assert {"has_impact_data", "impact_note"} <= set(
        offer.versions.order_by("-number").first().changed_fields
    )
    detail = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    assert "Is het effect onderzocht?" in detail and "Evaluatie door de provincie in 2025" in detail


def test_offer_editor_messages_are_specific_and_said_once(client, setup):
    client.force_login(setup["editor"])
    response = client.post(
        "/beheer/aanbod/nieuw/",
        form_data(
            provider=setup["own"].pk,
            url="geen url",
            contact_email="nee",
            themes=[],
            scope_level="provincie",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    # The project's own messages with an example, in the summary and at the field.
    url_message = "Vul een volledig webadres in, bijvoorbeeld https://www.voorbeeld.nl."
    assert body.count(url_message) == 2
    assert body.count("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl.") == 2
    assert "Voer een geldig" not in body
    # The theme rule is said once at the field (and once in the summary), not also as help.
    assert body.count("Kies minstens één thema.") == 2
    # The area lists are not marked "(niet verplicht)"; their help says when they are needed.
    assert "Nodig als u &#x27;Provincie&#x27; kiest bij Gebied." in body
    assert "Nodig als u &#x27;Regio&#x27; kiest bij Gebied." in body
    assert "Nodig als u &#x27;Gemeente(n)&#x27; kiest bij Gebied." in body


def test_counts_and_dates_an_editor_mistypes_are_refused_and_shown_back(client, setup):
    """The counts were <input type="number">: the browser sent "10 mensen" as empty and the
    offer was saved without the number and without a word (UI audit, session 55). Django's
    "Voer een geldige datum in." and "Zorg ervoor dat deze waarde minstens 0 is." did not say
    what to type."""
    offer = setup["own_offer"]
    client.force_login(setup["editor"])
    page = client.get(f"/beheer/aanbod/{offer.public_id}/bewerken/").content.decode()
    for name in ("min_employees", "max_employees", "min_company_age_years"):
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'type="text"' in box and 'inputmode="numeric"' in box
    before = (offer.title, offer.min_employees, offer.min_company_age_years)
    response = client.post(
        f"/beheer/aanbod/{offer.public_id}/bewerken/",
        form_data(
            title="Nieuwe naam",
            summary=offer.summary,
            min_employees="10 mensen",
            min_company_age_years="-3",
            valid_from="2026-13-32",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Vul een heel getal in, bijvoorbeeld 5.") == 2
    assert body.count("Het aantal jaren kan niet kleiner zijn dan 0.") == 2
    assert body.count("Vul een bestaande datum in, bijvoorbeeld 31-12-2026.") == 2
    assert "Voer een geldige" not in body and "Zorg ervoor" not in body
    assert 'value="10 mensen"' in body and 'value="-3"' in body
    offer.refresh_from_db()
    assert (offer.title, offer.min_employees, offer.min_company_age_years) == before
    # A count as typed is stored as a number.
    response = client.post(
        f"/beheer/aanbod/{offer.public_id}/bewerken/",
        form_data(
            title=offer.title, summary=offer.summary, min_employees=" 10 ", max_employees="49"
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.min_employees, offer.max_employees) == (10, 49)


def test_an_empty_login_says_what_to_fill_in(client):
    body = client.post("/inloggen/", {"username": "", "password": ""}).content.decode()
    assert body.count("Vul uw gebruikersnaam in.") == 2
    assert body.count("Vul uw wachtwoord in.") == 2
    assert "Dit veld is vereist." not in body
