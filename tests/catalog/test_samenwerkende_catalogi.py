"""Uniform disclosure of government schemes (REQUIREMENTS A9/I3): a province reads its
Samenwerkende Catalogi file, sees which of its products for entrepreneurs are missing from the
register and places each; the province pages show how complete the register is."""

import http.server
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from scharnier.catalog import feeds, harvesting
from scharnier.catalog.models import (
    CatalogueDecision,
    CatalogueEntry,
    CatalogueFeed,
    CatalogueHarvest,
    Channel,
    JourneyPhase,
    Offer,
    OfferType,
    Theme,
)
from scharnier.catalog.samenwerkende_catalogi import read_products
from scharnier.catalog.tasks import read_catalogue_feeds
from scharnier.celery import app as celery_app
from scharnier.geography.models import Province
from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.organisations.models import OrganisationKind, Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_offer, make_organisation, make_user

pytestmark = pytest.mark.django_db

OWMS = "http://standaarden.overheid.nl/owms/terms/"


def product(
    slug: str,
    title: str,
    *,
    audiences=("ondernemer",),
    authority="Overijssel",
    abstract="Een bijdrage voor ondernemers in de provincie.",
    modified="2026-10-01",
    upl="subsidie",
) -> str:
    audience = "".join(
        f'<dcterms:audience scheme="overheid:Doelgroep">{a}</dcterms:audience>' for a in audiences
    )
    return f"""<overheidproduct:scproduct owms-version="4.0"><overheidproduct:meta>
      <overheidproduct:owmskern>
        <dcterms:identifier>https://www.overijssel.nl/loket/{slug}</dcterms:identifier>
        <dcterms:title>{title}</dcterms:title>
        <dcterms:modified>{modified}</dcterms:modified>
        <overheid:authority scheme="overheid:Provincie"
          resourceIdentifier="{OWMS}{authority}">{authority}</overheid:authority>
      </overheidproduct:owmskern>
      <overheidproduct:owmsmantel>{audience}<dcterms:abstract>{abstract}</dcterms:abstract>
      </overheidproduct:owmsmantel>
      <overheidproduct:scmeta><overheidproduct:productID>{slug}</overheidproduct:productID>
        <overheidproduct:uniformeProductnaam scheme="overheid:UniformeProductnaam"
          resourceIdentifier="{OWMS}{upl}">{upl}</overheidproduct:uniformeProductnaam>
      </overheidproduct:scmeta></overheidproduct:meta><overheidproduct:body/>
    </overheidproduct:scproduct>"""


def catalogue(*products: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<overheidproduct:scproducten '
        'xmlns:overheidproduct="http://standaarden.overheid.nl/product/terms/" '
        f'xmlns:overheid="{OWMS}" xmlns:dcterms="http://purl.org/dc/terms/">'
        + "".join(products)
        + "</overheidproduct:scproducten>"
    ).encode()


def sru(*products: str) -> bytes:
    """The same products as KOOP's search service hands them out."""
    records = "".join(
        f"<record><recordData><gzd><originalData>{p}</originalData></gzd></recordData></record>"
        for p in products
    )
    return (
        '<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/" '
        'xmlns:overheidproduct="http://standaarden.overheid.nl/product/terms/" '
        f'xmlns:overheid="{OWMS}" xmlns:dcterms="http://purl.org/dc/terms/">'
        f"<numberOfRecords>{len(products)}</numberOfRecords><records>{records}</records>"
        "</searchRetrieveResponse>"
    ).encode()


INNOVATION = product("innovatie", "Subsidie innovatie mkb")
ENERGY = product("energie", "Energieadvies voor het mkb")
PERMIT = product("grondwater", "Vergunning grondwater onttrekken")
CITIZENS = product("monument", "Subsidie monumenten", audiences=("particulier",))


class World:
    def __init__(self) -> None:
        self.overijssel = Province.objects.get(code="PV23")
        self.province = make_organisation(
            "provincie-test", kind=OrganisationKind.PROVINCIE, province=self.overijssel
        )
        self.editor = make_user(Role.PROVIDER_EDITOR, organisation=self.province, username="red")
        other = make_organisation("andere-test", kind=OrganisationKind.ROM)
        self.other_editor = make_user(Role.PROVIDER_EDITOR, organisation=other, username="rom")
        self.staff = make_user(Role.PROVINCE, province=self.overijssel, username="prov")
        self.energy = make_offer(
            provider=self.province,
            title="Energieadvies voor het mkb",
            url="https://www.overijssel.nl",
        )


def test_the_catalogue_is_read_as_a_file_and_as_a_search_answer():
    for data in (catalogue(INNOVATION, CITIZENS), sru(INNOVATION, CITIZENS)):
        products, problems = read_products(data)
        assert problems == []
        assert [p.title for p in products] == ["Subsidie innovatie mkb", "Subsidie monumenten"]
        first = products[0]
        assert first.identifier == "https://www.overijssel.nl/loket/innovatie"
        assert first.for_entrepreneurs and not products[1].for_entrepreneurs
        assert first.uniform_name == "subsidie" and first.modified.isoformat() == "2026-10-01"
        assert "overijssel" in first.authority_names


def test_a_harvest_keeps_products_for_entrepreneurs_and_finds_what_is_in_the_register():
    world = World()
    report = harvesting.harvest_catalogue(
        actor=world.editor,
        organisation=world.province,
        data=catalogue(INNOVATION, ENERGY, PERMIT, CITIZENS),
    )
    assert report.ok, report.problems
    assert (report.products, report.for_entrepreneurs, report.new, report.linked) == (4, 3, 3, 1)
    entries = {e.title: e for e in CatalogueEntry.objects.all()}
    assert set(entries) == {
        "Subsidie innovatie mkb",
        "Energieadvies voor het mkb",
        "Vergunning grondwater onttrekken",
    }
    # Found by title; the offer's home-page address names no product and links nothing.
    assert entries["Energieadvies voor het mkb"].offer == world.energy
    assert entries["Subsidie innovatie mkb"].decision == CatalogueDecision.OPEN
    done = harvesting.completeness(world.province)
    assert (done.in_catalogue, done.in_register, done.open, done.share_in_register) == (3, 1, 2, 33)

    # Read again a month later: the permit is gone, a title changed, nothing doubles.
    changed = product("innovatie", "Subsidie innovatie voor het mkb")
    report = harvesting.harvest_catalogue(
        actor=world.editor, organisation=world.province, data=catalogue(changed, ENERGY)
    )
    assert (report.new, report.updated, report.withdrawn) == (0, 1, 1)
    assert CatalogueEntry.objects.count() == 3
    permit = CatalogueEntry.objects.get(identifier__endswith="grondwater")
    assert not permit.in_catalogue
    assert harvesting.completeness(world.province).in_catalogue == 2
    assert CatalogueHarvest.objects.filter(organisation=world.province).count() == 2


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "Het bestand is leeg."),
        (b"<overheidproduct:scproducten", "geen leesbaar XML-bestand"),
        (b"<offers><offer/></offers>", "geen producten van de Samenwerkende Catalogi"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
            "DTD of entiteiten",
        ),
        (
            catalogue(
                product("x", "Zonder adres").replace("https://www.overijssel.nl/loket/x", "")
            ),
            "Het adres van de productpagina ontbreekt.",
        ),
        (catalogue(product("y", "<b>Vet</b> &lt;script&gt;")), "HTML-code"),
        (catalogue(product("z", "Datum", modified="31-12-2026")), "is geen datum"),
        (catalogue(INNOVATION, INNOVATION), "Dit adres staat ook bij product 1."),
        (
            catalogue(INNOVATION, product("g", "Gelders", authority="Gelderland")),
            "Dit product is van 'Gelderland', niet van Provincie Test.",
        ),
    ],
)
def test_a_bad_catalogue_is_refused_in_dutch_and_changes_nothing(data, expected):
    world = World()
    harvesting.harvest_catalogue(
        actor=world.editor, organisation=world.province, data=catalogue(ENERGY)
    )
    before = list(CatalogueEntry.objects.values_list("pk", "title", "in_catalogue"))
    report = harvesting.harvest_catalogue(
        actor=world.editor, organisation=world.province, data=data
    )
    assert not report.ok
    assert any(expected in p.message for p in report.problems), report.problems
    assert list(CatalogueEntry.objects.values_list("pk", "title", "in_catalogue")) == before
    assert CatalogueHarvest.objects.count() == 1


def test_only_the_organisations_editors_read_and_judge_its_catalogue():
    world = World()
    for user in (world.other_editor, world.staff, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            harvesting.harvest_catalogue(
                actor=user, organisation=world.province, data=catalogue(INNOVATION)
            )
    harvesting.harvest_catalogue(
        actor=world.editor, organisation=world.province, data=catalogue(INNOVATION)
    )
    entry = CatalogueEntry.objects.get()
    with pytest.raises(PermissionDenied):
        harvesting.keep_out_of_register(actor=world.other_editor, entry=entry, reason="a b c d")
    foreign = make_offer(provider=make_organisation("derde-test"), title="Ander aanbod")
    with pytest.raises(ValidationError):
        harvesting.link_entry_to_offer(actor=world.editor, entry=entry, offer=foreign)
    with pytest.raises(ValidationError) as error:
        harvesting.keep_out_of_register(actor=world.editor, entry=entry, reason="vergunning")
    assert "in een paar woorden" in str(error.value)
    assert CatalogueEntry.objects.get().decision == CatalogueDecision.OPEN


def test_the_editor_places_each_product_and_the_province_page_shows_the_count(client):
    world = World()
    assert client.get("/beheer/aanbod/samenwerkende-catalogi/").status_code == 302
    client.force_login(world.staff)  # reads the province's pages, edits no offers
    assert client.get("/beheer/aanbod/samenwerkende-catalogi/").status_code == 403
    harvesting.harvest_catalogue(actor=None, organisation=world.province, data=catalogue(PERMIT))
    client.force_login(world.other_editor)
    other = client.get("/beheer/aanbod/samenwerkende-catalogi/?organisatie=provincie-test")
    assert other.status_code == 200 and "grondwater" not in other.content.decode()
    answer = client.post(
        "/beheer/aanbod/samenwerkende-catalogi/",
        {"form": "reopen", "entry": CatalogueEntry.objects.get().public_id},
    )
    assert answer.status_code in (403, 404)
    broken = {"form": "reopen", "entry": "geen-id", "organisatie": "andere-test"}
    assert client.post("/beheer/aanbod/samenwerkende-catalogi/", broken).status_code == 404
    CatalogueEntry.objects.all().delete()
    CatalogueHarvest.objects.all().delete()
    client.force_login(world.editor)
    page = client.get("/beheer/aanbod/")
    assert "/beheer/aanbod/samenwerkende-catalogi/" in page.content.decode()

    # A file with a mistake: the problems in Dutch, nothing stored, the page says so.
    bad = SimpleUploadedFile("catalogus.xml", catalogue(INNOVATION, INNOVATION))
    answer = client.post(
        "/beheer/aanbod/samenwerkende-catalogi/",
        {"form": "harvest", "provider": world.province.pk, "file": bad},
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "We hebben niets opgeslagen" in text and "Dit adres staat ook bij product 1." in text
    assert not CatalogueEntry.objects.exists()

    good = SimpleUploadedFile("catalogus.xml", catalogue(INNOVATION, ENERGY, PERMIT))
    answer = client.post(
        "/beheer/aanbod/samenwerkende-catalogi/",
        {"form": "harvest", "provider": world.province.pk, "file": good},
        follow=True,
    )
    text = answer.content.decode()
    assert "3 producten voor ondernemers gelezen, 3 nieuw" in text
    assert "1 al gevonden in het register" in text
    assert "Nog beoordelen: 2 producten" in text
    innovation = CatalogueEntry.objects.get(title="Subsidie innovatie mkb")
    permit = CatalogueEntry.objects.get(title="Vergunning grondwater onttrekken")

    # Too short a reason: shown again at that product, with what was typed.
    answer = client.post(
        "/beheer/aanbod/samenwerkende-catalogi/",
        {
            "form": "keep-out",
            "entry": permit.public_id,
            "organisatie": "provincie-test",
            f"e{permit.pk}-reason": "vergunning",
        },
    )
    assert answer.status_code == 400
    assert "in een paar woorden" in answer.content.decode()
    assert 'value="vergunning"' in answer.content.decode()
    client.post(
        "/beheer/aanbod/samenwerkende-catalogi/",
        {
            "form": "keep-out",
            "entry": permit.public_id,
            "organisatie": "provincie-test",
            f"e{permit.pk}-reason": "Een vergunning, geen hulp.",
        },
    )
    permit.refresh_from_db()
    assert permit.decision == CatalogueDecision.NOT_FOR_REGISTER

    # "Opnemen in het register": the form starts from the catalogue, with suggested themes.
    form = client.get(f"/beheer/aanbod/nieuw/?uit_catalogus={innovation.public_id}")
    text = form.content.decode()
    assert 'value="Subsidie innovatie mkb"' in text
    assert 'value="https://www.overijssel.nl/loket/innovatie"' in text
    assert "De thema's zijn een voorstel" in text
    assert 'value="Samenwerkende Catalogi, Provincie Test"' in text
    assert form.context["form"].initial["provinces"] == [world.overijssel]
    theme_codes = [t.code for t in form.context["form"].initial.get("themes", [])]
    assert "innovatie" in theme_codes
    data = {
        "uit_catalogus": str(innovation.public_id),
        "provider": world.province.pk,
        "title": "Subsidie innovatie mkb",
        "summary": "Een bijdrage voor ondernemers in de provincie.",
        "offer_type": OfferType.objects.get(code="subsidie").pk,
        "themes": [Theme.objects.get(code="innovatie").pk],
        "journey_phases": [JourneyPhase.objects.get(code="kunnen").pk],
        "scope_level": "provincie",
        "provinces": [world.overijssel.pk],
        "url": "https://www.overijssel.nl/loket/innovatie",
        "channels": [Channel.objects.get(code="online").pk],
    }
    answer = client.post("/beheer/aanbod/nieuw/", data)
    assert answer.status_code == 302, answer.context["form"].errors
    innovation.refresh_from_db()
    assert innovation.decision == CatalogueDecision.IN_REGISTER
    assert innovation.offer == Offer.objects.get(title="Subsidie innovatie mkb")

    # Everything placed: the province's public page and the provinces list show it.
    client.logout()
    page = client.get("/provincie/overijssel/").content.decode()
    assert "De provincie zet 3 producten voor ondernemers in de Samenwerkende Catalogi" in page
    assert "2 daarvan staan in dit register" in page and "Compleet: 100%." in page
    listing = client.get("/provincie/").content.decode()
    assert "1 provincie heeft haar catalogus ingelezen." in listing

    # Undo: back to be judged, and the public page names what is missing.
    client.force_login(world.editor)
    client.post(
        "/beheer/aanbod/samenwerkende-catalogi/",
        {"form": "reopen", "entry": permit.public_id, "organisatie": "provincie-test"},
    )
    client.logout()
    page = client.get("/provincie/overijssel/").content.decode()
    assert "Nog niet in het register:" in page and "Vergunning grondwater onttrekken" in page


def test_the_command_reads_a_file_and_refuses_a_bad_one(tmp_path):
    world = World()
    good = tmp_path / "overijssel.xml"
    good.write_bytes(catalogue(INNOVATION, CITIZENS))
    call_command("harvest_catalogue", world.province.slug, str(good))
    assert CatalogueEntry.objects.count() == 1
    bad = tmp_path / "fout.xml"
    bad.write_bytes(catalogue(product("g", "Gelders", authority="Gelderland")))
    with pytest.raises(CommandError):
        call_command("harvest_catalogue", world.province.slug, str(bad))
    assert CatalogueEntry.objects.count() == 1


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_an_editor_keeps_a_permit_out_on_a_phone(page, live_server, login):
    world = World()
    harvesting.harvest_catalogue(
        actor=world.editor, organisation=world.province, data=catalogue(INNOVATION, PERMIT)
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.editor)
    page.goto(f"{live_server.url}/beheer/aanbod/samenwerkende-catalogi/")
    assert_accessible_and_fits(page)
    permit = page.locator("article", has_text="Vergunning grondwater onttrekken")
    permit.get_by_text("Hoort niet in het register").click()
    permit.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Schrijf waarom dit niet in het register hoort." in page.inner_text("main")
    assert_accessible_and_fits(page)
    permit = page.locator("article", has_text="Vergunning grondwater onttrekken")
    permit.get_by_label("Waarom hoort dit niet in het register?").fill("Een vergunning, geen hulp.")
    permit.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "hoort niet in het register." in page.inner_text("main")
    assert CatalogueEntry.objects.get(title__startswith="Vergunning").reason
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)


class _Catalogue(http.server.BaseHTTPRequestHandler):
    """A province's web server: the catalogue, a moved page and a missing one."""

    body = b""

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        if self.path == "/sc.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.end_headers()
            self.wfile.write(self.body)
        elif self.path == "/oud.xml":
            self.send_response(301)
            self.send_header("Location", "http://127.0.0.1:1/intern.xml")
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def province_site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Catalogue)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_address_on_this_network_is_never_fetched(settings):
    world = World()
    for url in ("http://127.0.0.1/sc.xml", "http://10.1.2.3/sc.xml", "http://[::1]/sc.xml"):
        with pytest.raises(ValidationError) as error:
            feeds.set_catalogue_feed(actor=world.editor, organisation=world.province, url=url)
        assert "niet openbaar op internet" in str(error.value)
    with pytest.raises(ValidationError):
        feeds.set_catalogue_feed(
            actor=world.editor, organisation=world.province, url="ftp://example.org/sc.xml"
        )
    with pytest.raises(PermissionDenied):
        feeds.set_catalogue_feed(
            actor=world.other_editor, organisation=world.province, url="https://example.org/x"
        )
    assert not CatalogueFeed.objects.exists()


def test_the_nightly_job_reads_the_catalogue_from_its_address(client, settings, province_site):
    settings.CATALOGUE_FEED_ALLOW_PRIVATE = True  # the "province" runs on this machine
    _Catalogue.body = catalogue(INNOVATION, ENERGY)
    world = World()
    client.force_login(world.editor)
    page = "/beheer/aanbod/samenwerkende-catalogi/?organisatie=provincie-test"
    answer = client.post(
        page, {"form": "feed", "organisatie": "provincie-test", "url": "geen adres"}
    )
    assert answer.status_code == 400
    assert "Vul een volledig webadres in" in answer.content.decode()
    client.post(
        page,
        {"form": "feed", "organisatie": "provincie-test", "url": f"{province_site}/sc.xml"},
    )
    feed = CatalogueFeed.objects.get(organisation=world.province)

    assert read_catalogue_feeds.apply().get() == JobState.SUCCEEDED
    job = Job.objects.get(kind=JobKind.READ_CATALOGUES)
    assert job.created_by is None and job.result == {"read": 1, "failed": 0}
    assert CatalogueEntry.objects.filter(organisation=world.province).count() == 2
    feed.refresh_from_db()
    assert feed.last_read_ok and feed.last_problem == ""

    # The province withdraws a product; "Nu inlezen" sees it at once.
    _Catalogue.body = catalogue(INNOVATION)
    answer = client.post(page, {"form": "read-now", "organisatie": "provincie-test"}, follow=True)
    assert "1 niet meer in de catalogus" in answer.content.decode()

    # A broken catalogue, a moved address and a missing one: said in Dutch, nothing changed.
    before = list(CatalogueEntry.objects.values_list("pk", "in_catalogue", "title"))
    _Catalogue.body = b"<overheidproduct:scproducten"
    for path, expected in (
        ("/sc.xml", "geen leesbaar XML-bestand"),
        ("/oud.xml", "Het adres stuurt door naar http://127.0.0.1:1/intern.xml"),
        ("/weg.xml", "De website gaf foutcode 404."),
    ):
        feed.url = f"{province_site}{path}"
        feed.save()
        answer = client.post(
            page, {"form": "read-now", "organisatie": "provincie-test"}, follow=True
        )
        feed.refresh_from_db()
        assert not feed.last_read_ok and expected in feed.last_problem
        assert "Inlezen lukte niet" in answer.content.decode()
    assert list(CatalogueEntry.objects.values_list("pk", "in_catalogue", "title")) == before
    assert "catalog-feeds-nightly" in celery_app.conf.beat_schedule

    # An empty address: no longer read.
    client.post(page, {"form": "feed", "organisatie": "provincie-test", "url": ""})
    assert not CatalogueFeed.objects.exists()


def test_a_catalogue_full_of_mistakes_lists_the_first_hundred(settings):
    world = World()
    settings.CATALOG_IMPORT_MAX_PROBLEMS = 100
    bad = catalogue(*(product(f"p{n}", f"Datum {n}", modified="gisteren") for n in range(150)))
    report = harvesting.harvest_catalogue(actor=world.editor, organisation=world.province, data=bad)
    assert len(report.problems) == 100 and report.problems[0].row == 1
    assert not CatalogueEntry.objects.exists()
