"""Landscape pages through Django's test client: access rules, exports, forms."""

import csv
import io

import pytest

from scharnier.catalog.models import JourneyPhase, OfferType, Theme
from scharnier.landscape import overlap, services, views
from scharnier.landscape.models import ConsistencyCheck, OverlapCluster, OverlapDecision
from scharnier.organisations.models import Role
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)


@pytest.fixture
def twins():
    common = dict(
        offer_type=OfferType.objects.get(code="advies"),
        themes=list(Theme.objects.filter(code="bedrijfsopvolging")),
        journey_phases=list(JourneyPhase.objects.filter(code="willen")),
    )
    offers = [
        make_offer(
            title="Begeleiding bedrijfsoverdracht",
            summary="Een coach helpt u uw bedrijf klaar te maken voor een nieuwe eigenaar.",
            **common,
        ),
        make_offer(
            title="Advies opvolging voor stoppende ondernemers",
            summary="Een adviseur bereidt met u de verkoop of overdracht van uw bedrijf voor.",
            has_impact_data=True,
            **common,
        ),
    ]
    services.run_overlap_analysis()
    return offers


def test_matrix_is_public_and_marks_white_spots_in_text(client, twins):
    response = client.get("/stelsel/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "witte vlek" in html
    assert 'scope="row"' in html and "<caption" in html
    # The cell with the two offers links to their list.
    cell = client.get("/stelsel/aanbod/?gebied=NL&thema=bedrijfsopvolging&fase=willen")
    assert cell.status_code == 200
    assert "Begeleiding bedrijfsoverdracht" in cell.content.decode()


def test_matrix_csv_and_report(client, twins):
    response = client.get("/stelsel/?gebied=NL&formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = next(r for r in rows if r and r[0] == "Thema")
    assert header[1:] == ["Ontmoeten en inspireren", "Weten", "Willen", "Kunnen"]
    succession = next(r for r in rows if r and r[0] == "Bedrijfsopvolging")
    assert succession[1:] == ["0", "0", "2", "0"]
    # One of the two offers has measured its effect.
    assert next(r for r in rows if r and r[0] == "Aandeel met gegevens over effect")[1] == "50%"
    report = client.get("/stelsel/?gebied=NL&formaat=rapport")
    assert report.status_code == 200 and "<table" in report.content.decode()


def test_unknown_area_or_cell_is_not_found(client):
    assert client.get("/stelsel/aanbod/?gebied=NL&thema=onzin&fase=weten").status_code == 404
    assert client.get("/stelsel/aanbod/")["Location"] == "/stelsel/"  # no cell: the matrix
    # An unknown area in the filter is simply invalid: the national view is shown.
    assert client.get("/stelsel/?gebied=PV99").status_code == 200


def test_clusters_need_the_analysis_role(client, twins):
    response = client.get("/stelsel/overlap/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    login(client, make_user(Role.PROVIDER_EDITOR, organisation=make_organisation()))
    assert client.get("/stelsel/overlap/").status_code == 403
    cluster = OverlapCluster.objects.get()
    assert client.get(f"/stelsel/overlap/{cluster.pk}/").status_code == 403
    login(client, make_user(Role.NATIONAL_ANALYST))
    page = client.get("/stelsel/overlap/").content.decode()
    assert "Begeleiding bedrijfsoverdracht" in page


def test_regional_director_sees_clusters_of_own_region(client, twins):
    region = make_region("regio-zwolle", municipality_codes=["GM0193"])
    login(client, make_user(Role.REGIONAL_DIRECTOR, region=region))
    page = client.get("/stelsel/overlap/")
    assert page.status_code == 200
    assert "Begeleiding bedrijfsoverdracht" in page.content.decode()  # national offers reach it


def test_decision_form_validates_and_saves(client, twins):
    cluster = OverlapCluster.objects.get()
    login(client, make_user(Role.NATIONAL_ANALYST))
    bad = client.post(f"/stelsel/overlap/{cluster.pk}/", {"decision": "weg", "note": ""})
    assert bad.status_code == 400
    assert OverlapDecision.objects.count() == 0
    ok = client.post(f"/stelsel/overlap/{cluster.pk}/", {"decision": "afstemmen", "note": "Samen"})
    assert ok.status_code == 302
    assert OverlapDecision.objects.get().decision == "afstemmen"
    export = client.get(f"/stelsel/overlap/{cluster.pk}/?formaat=csv")
    assert "Begeleiding bedrijfsoverdracht" in export.content.decode("utf-8-sig")


def test_consistency_form_shows_dutch_errors_and_saves_a_shareable_result(client, twins):
    bad = client.post("/stelsel/toets/", {"title": "", "summary": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Kies minstens één thema." in html
    assert ConsistencyCheck.objects.count() == 0
    # Municipalities are ticked like provinces and regions, not Ctrl-clicked in a list box.
    assert 'type="checkbox" name="municipalities" value="GM0193"' in html
    assert "<select" not in html.split('name="municipalities"')[0].rsplit("<fieldset", 1)[-1]
    nothing = client.post("/stelsel/toets/", {"title": "Regeling", "summary": "!!!"})
    assert nothing.status_code == 400
    assert "Beschrijf in een paar woorden wat de regeling doet" in nothing.content.decode()
    assert ConsistencyCheck.objects.count() == 0
    good = client.post(
        "/stelsel/toets/",
        {
            "title": "Overdrachtscoach",
            "summary": "Een coach helpt ondernemers die willen stoppen hun bedrijf over te dragen.",
            "offer_type": "begeleiding",
            "themes": ["bedrijfsopvolging"],
            "journey_phases": ["willen"],
            "scope_level": "nationaal",
        },
    )
    assert good.status_code == 302
    check = ConsistencyCheck.objects.get()
    assert good["Location"] == f"/stelsel/toets/{check.public_id}/"
    result = client.get(good["Location"]).content.decode()
    assert "Begeleiding bedrijfsoverdracht" in result


def test_the_result_says_which_target_group_it_read_from_the_text(client, twins):
    data = {
        "summary": "Een coach helpt ondernemers die willen stoppen hun bedrijf over te dragen.",
        "offer_type": "begeleiding",
        "themes": ["bedrijfsopvolging"],
        "journey_phases": ["willen"],
        "scope_level": "nationaal",
    }
    named = client.post(
        "/stelsel/toets/",
        {**data, "title": "Overdrachtscoach voor horecazaken die minstens 5 jaar bestaan"},
    )
    html = " ".join(client.get(named["Location"]).content.decode().split())
    assert (
        "Uw tekst noemt de sector I Logies-, maaltijd- en drankverstrekking en bedrijven van "
        "minstens 5 jaar oud. Daarmee hebben we vergeleken." in html
    )
    # A sector filled in is not "read": the note only explains what the text added.
    filled = client.post(
        "/stelsel/toets/", {**data, "title": "Overdrachtscoach horeca", "sbi_sections": ["i"]}
    )
    assert "Uw tekst noemt" not in client.get(filled["Location"]).content.decode()


def test_the_result_says_which_side_of_a_subject_the_text_is_for(client, twins):
    buyers = client.post(
        "/stelsel/toets/",
        {
            "title": "Begeleiding voor wie een bedrijf wil kopen",
            "summary": "Een adviseur helpt kopers met de waardering en de onderhandeling.",
            "offer_type": "begeleiding",
            "themes": ["bedrijfsopvolging"],
            "journey_phases": ["willen"],
            "scope_level": "nationaal",
        },
    )
    html = " ".join(client.get(buyers["Location"]).content.decode().split())
    assert (
        "Uw tekst is voor wie een bedrijf koopt of overneemt. Aanbod alleen voor wie een "
        "bedrijf verkoopt of overdraagt telt daarom niet als dubbel." in html
    )
    assert "U vulde niet de hele doelgroep in" not in html  # no field was read from the text
    check = ConsistencyCheck.objects.get()
    assert check.result["read_from_text"] == {"sides": {"firm_transfer": "buyer"}}


def test_every_side_the_consistency_test_reads_has_a_label_on_the_result_page():
    sides = {
        (dimension, side)
        for dimension, named in overlap._lexicon("target_sides")["dimensions"].items()
        for side in named
    }
    assert sides == set(views.SIDE_LABELS)


def test_cleanup_page_says_when_nothing_was_counted_yet(client, twins):
    html = client.get("/stelsel/opschoning/").content.decode()
    assert "Nog geen telling. Aan het eind van elke maand tellen we het actieve aanbod." in html
    assert "Nog geen besluiten over overlap." in html
    assert '<td class="utrecht-table__cell" colspan="1">-</td>' not in html


def test_cleanup_page_and_export(client, twins):
    services.snapshot_landscape()
    page = client.get("/stelsel/opschoning/")
    assert page.status_code == 200
    rows = client.get("/stelsel/opschoning/?formaat=csv").content.decode("utf-8-sig")
    assert "Landelijk;2" in rows


def test_national_analyst_can_rerun_the_analysis(client, twins):
    from scharnier.landscape.models import OverlapAnalysis

    first = OverlapAnalysis.objects.get()
    region = make_region("regio-zwolle", municipality_codes=["GM0193"])
    login(client, make_user(Role.REGIONAL_DIRECTOR, region=region))
    assert client.post("/stelsel/overlap/opnieuw/").status_code == 403
    login(client, make_user(Role.NATIONAL_ANALYST))
    response = client.post("/stelsel/overlap/opnieuw/")
    assert response.status_code == 302
    assert OverlapAnalysis.objects.get().pk != first.pk


def test_matrix_page_uses_aggregate_queries_only(client, twins, django_assert_max_num_queries):
    region = make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"])
    # 17: one aggregate each, the last for casework's questions without a fitting offer.
    with django_assert_max_num_queries(17):
        assert client.get(f"/stelsel/?gebied=RG:{region.slug}").status_code == 200


def test_cluster_list_names_a_cluster_by_its_themes_and_stacks_on_a_phone(client, twins):
    """A reader sees what a cluster is about, not only its number; each cell carries its
    column's name for the card layout on a phone."""
    cluster = OverlapCluster.objects.get()
    login(client, make_user(Role.NATIONAL_ANALYST))
    html = client.get("/stelsel/overlap/").content.decode()
    assert f"Bedrijfsopvolging (cluster {cluster.pk}, 2 vormen van aanbod)" in html
    assert 'class="utrecht-table utrecht-table--html-table table-stack"' in html
    assert 'role="cell" data-label="Gedeelde fasen">Willen</td>' in html
    # Without a shared theme or phase it says so (an empty cell read as missing data).
    OverlapCluster.objects.filter(pk=cluster.pk).update(theme_codes=[], phase_codes=[])
    html = client.get("/stelsel/overlap/").content.decode()
    assert f"Geen gedeeld thema (cluster {cluster.pk}, 2 vormen van aanbod)" in html
    assert 'data-label="Gedeelde fasen">Geen gedeelde fase</td>' in html


def test_the_analyst_filters_clusters_and_pages_through_them(client, twins):
    """A national run holds hundreds of clusters: the list shows them a page at a time and
    narrows them by theme, proposal and decision; the CSV holds every cluster the filters keep."""
    first = OverlapCluster.objects.get()
    OverlapDecision.objects.create(
        cluster_key=first.key,
        decision="behouden",
        decided_at=first.analysis.finished_at,
    )
    for number in range(30):
        cluster = OverlapCluster.objects.create(
            analysis=first.analysis,
            key=f"extra-{number}",
            size=2,
            max_score=0.5 - number / 100,
            suggested_action="afstemmen" if number % 3 else "samenvoegen",
            theme_codes=["financiering"] if number < 12 else ["arbeidsmarkt"],
        )
        cluster.offers.set(twins)
    login(client, make_user(Role.NATIONAL_ANALYST))

    html = client.get("/stelsel/overlap/").content.decode()
    assert "31 clusters</h2>" in html
    assert "U ziet cluster 1 tot en met 25" in html
    assert html.count('data-label="Gedeelde fasen"') == 25
    assert 'href="?pagina=2"' in html
    second = client.get("/stelsel/overlap/?pagina=2").content.decode()
    assert second.count('data-label="Gedeelde fasen"') == 6
    assert "U ziet cluster 26 tot en met 31" in second

    html = client.get("/stelsel/overlap/?thema=financiering&voorstel=samenvoegen").content.decode()
    # Numbers 0, 3, 6, 9 of the twelve about financing are proposed for merging.
    assert "4 clusters passen bij uw keuze" in html
    assert html.count("Financiering (cluster") == 4
    assert "Personeel en arbeidsmarkt (cluster" not in html
    # The export links keep the filters and leave the page out.
    assert 'href="?thema=financiering&amp;voorstel=samenvoegen&amp;besluit=&amp;formaat=csv"' in (
        client.get(
            "/stelsel/overlap/?thema=financiering&voorstel=samenvoegen&besluit=&pagina=1"
        ).content.decode()
    )

    undecided = client.get("/stelsel/overlap/?besluit=open").content.decode()
    assert "30 clusters passen bij uw keuze" in undecided
    assert f"(cluster {first.pk}," not in undecided
    kept = client.get("/stelsel/overlap/?besluit=behouden").content.decode()
    assert "1 cluster past bij uw keuze" in kept and f"(cluster {first.pk}," in kept

    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/stelsel/overlap/?thema=arbeidsmarkt&formaat=csv").content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )
    assert sum(1 for r in rows if r and r[2] == "Personeel en arbeidsmarkt") == 18
    nothing = client.get("/stelsel/overlap/?thema=arbeidsmarkt&voorstel=behouden")
    assert "Geen clusters bij deze keuze" in nothing.content.decode()
    # A national analyst may look at one area; the choice stays selected.
    region = make_region("regio-zwolle", municipality_codes=["GM0193"])
    html = client.get(f"/stelsel/overlap/?gebied=RG:{region.slug}").content.decode()
    assert f'<option value="RG:{region.slug}" selected>' in html
    assert "U ziet de clusters met aanbod in" in html
    # A value from an edited link filters nothing instead of failing.
    assert "31 clusters</h2>" in client.get("/stelsel/overlap/?thema=onzin").content.decode()


def test_after_a_decision_the_reviewer_goes_on_to_the_strongest_cluster_without_one(client, twins):
    first = OverlapCluster.objects.get()
    weaker, stronger = (
        OverlapCluster.objects.create(
            analysis=first.analysis,
            key=f"other-{score}",
            size=2,
            max_score=score,
            suggested_action="afstemmen",
            theme_codes=["financiering"],
        )
        for score in (0.3, 0.6)
    )
    login(client, make_user(Role.NATIONAL_ANALYST))
    page = client.get(f"/stelsel/overlap/{first.pk}/").content.decode()
    assert f'href="/stelsel/overlap/{stronger.pk}/">Volgende cluster zonder besluit' in page
    client.post(f"/stelsel/overlap/{stronger.pk}/", {"decision": "behouden", "note": ""})
    page = client.get(f"/stelsel/overlap/{first.pk}/").content.decode()
    assert f'href="/stelsel/overlap/{weaker.pk}/">Volgende cluster zonder besluit' in page
    client.post(f"/stelsel/overlap/{weaker.pk}/", {"decision": "behouden", "note": ""})
    # The last one without a decision points nowhere else.
    assert "Volgende cluster zonder besluit" not in (
        client.get(f"/stelsel/overlap/{first.pk}/").content.decode()
    )


def test_a_cluster_gone_after_a_new_analysis_says_so_and_leads_to_the_list(client, twins):
    login(client, make_user(Role.NATIONAL_ANALYST))
    cluster = OverlapCluster.objects.get()
    gone = cluster.pk + 1000
    response = client.get(f"/stelsel/overlap/{gone}/?formaat=csv")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Dit cluster bestaat niet meer" in page and 'href="/stelsel/overlap/"' in page
    assert "verkeerd getypt" not in page
