"""CPSV-AP 3.2.0 export: zero SHACL violations against the official shapes, and real content."""

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, SKOS

from scharnier.catalog.opendata import ids
from scharnier.catalog.opendata.cpsv import build_cpsv_turtle, iter_cpsv_turtle
from tests.opendata.conftest import CPSV_EXAMPLES, SECRETS

pytestmark = pytest.mark.django_db

CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
NLD = URIRef("http://publications.europa.eu/resource/authority/country/NLD")


def shacl(graph: Graph, shapes: Graph) -> tuple[bool, list[tuple[str, str]]]:
    """Validate; return (conforms, [(result path, constraint component)])."""
    conforms, report, _text = validate(graph, shacl_graph=shapes)
    results = [
        (str(report.value(r, SH.resultPath)), str(report.value(r, SH.sourceConstraintComponent)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return conforms, results


def urn(uuid: str) -> URIRef:
    return URIRef(f"urn:uuid:{uuid}")


@pytest.fixture
def exported(catalog) -> Graph:
    return Graph().parse(data=build_cpsv_turtle(), format="turtle")


def test_export_conforms_to_the_official_shapes(exported, cpsv_shapes, catalog):
    conforms, results = shacl(exported, cpsv_shapes)

    assert results == []
    assert conforms
    services = set(exported.subjects(RDF.type, CPSV.PublicService))
    # The private party's offer is not a public service; all the others are.
    public = {k: o for k, o in catalog.offers.items() if k != "private"}
    assert services == {urn(str(o.public_id)) for o in public.values()}


def test_the_official_examples_check_the_shapes_copy(cpsv_shapes):
    valid = Graph().parse(CPSV_EXAMPLES / "minimal-valid-publicservice.helper-authored.ttl")
    invalid = Graph().parse(CPSV_EXAMPLES / "invalid-publicservice.helper-authored.ttl")

    assert shacl(valid, cpsv_shapes) == (True, [])
    conforms, results = shacl(invalid, cpsv_shapes)
    assert not conforms
    assert sorted(path for path, _component in results) == [
        str(CV.hasCompetentAuthority),
        str(DCTERMS.description),
        str(DCTERMS.identifier),
    ]


def test_a_broken_export_gives_violations(exported, cpsv_shapes, catalog):
    """The validation can fail: break our own graph in three ways the shapes forbid."""
    service = urn(str(catalog.offers["national_full"].public_id))
    rvo = urn(ids.organisation_id("rvo"))
    exported.remove((service, CV.hasCompetentAuthority, None))
    exported.remove((rvo, SKOS.prefLabel, None))
    exported.add((service, DCTERMS.identifier, Literal("tweede-id")))

    conforms, results = shacl(exported, cpsv_shapes)

    assert not conforms
    components = {
        (path.rsplit("/", 1)[-1].rsplit("#", 1)[-1], c.rsplit("#", 1)[-1]) for path, c in results
    }
    assert ("hasCompetentAuthority", "MinCountConstraintComponent") in components
    assert ("prefLabel", "MinCountConstraintComponent") in components
    assert ("identifier", "MaxCountConstraintComponent") in components


def test_services_carry_authority_areas_terms_cost_and_contact(exported, catalog):
    g = exported
    full = urn(str(catalog.offers["national_full"].public_id))
    rvo = urn(ids.organisation_id("rvo"))

    assert g.value(full, DCTERMS.title) == Literal("Subsidie digitaal ondernemen", lang="nl")
    assert g.value(full, CV.hasCompetentAuthority) == rvo
    assert (rvo, RDF.type, CV.PublicOrganisation) in g
    assert g.value(rvo, DCTERMS.spatial) == NLD
    assert g.value(full, DCTERMS.spatial) == NLD
    theme = urn(ids.term_id("theme", "digitalisering"))
    assert (full, CV.thematicArea, theme) in g
    assert (theme, SKOS.inScheme, urn(ids.taxonomy_id("theme"))) in g
    assert (urn(ids.taxonomy_id("theme")), RDF.type, SKOS.ConceptScheme) in g
    assert (full, CV.sector, urn(ids.term_id("sbi_section", "c"))) in g
    assert (full, DCTERMS.type, urn(ids.term_id("offer_type", "subsidie"))) in g
    assert (full, ADMS.status, urn(ids.term_id("offer_status", "actief"))) in g
    cost = g.value(full, CV.hasCost)
    assert float(g.value(cost, CV.hasValue)) == 250.0
    contact = g.value(full, CV.contactPoint)
    assert str(g.value(contact, CV.email)) == "loket@rvo.example"
    # Areas at every level, typed as dct:Location with their CBS code.
    province = URIRef("https://identifier.overheid.nl/tooi/id/provincie/pv23")
    planned = urn(str(catalog.offers["province_planned"].public_id))
    assert g.value(planned, DCTERMS.spatial) == province
    assert str(g.value(province, DCTERMS.identifier)) == "PV23"
    region = urn(ids.region_id("regio-zwolle"))
    assert g.value(urn(str(catalog.offers["region_expired"].public_id)), DCTERMS.spatial) == region
    zwolle = URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0193")
    assert (region, DCTERMS.hasPart, zwolle) in g
    assert (zwolle, RDF.type, DCTERMS.Location) in g
    assert g.value(zwolle, SKOS.prefLabel) == Literal("Zwolle", lang="nl")
    # No cost known: no cv:hasCost.
    assert g.value(urn(str(catalog.offers["municipal"].public_id)), CV.hasCost) is None
    # The regional office hangs under its national organisation.
    kvk_oost = urn(ids.organisation_id("kvk-oost"))
    assert g.value(kvk_oost, URIRef("http://www.w3.org/ns/org#subOrganizationOf")) == urn(
        ids.organisation_id("kvk")
    )


def test_no_personal_or_archived_data(catalog):
    text = "".join(iter_cpsv_turtle())

    for secret in SECRETS:
        assert secret not in text
    assert "Subsidie digitaal ondernemen" in text
