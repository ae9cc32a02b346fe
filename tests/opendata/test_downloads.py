"""The open-data page and downloads over HTTP: public, right content types, real data."""

import json

import pytest
import requests
from rdflib import RDF, Graph, Namespace

from scharnier.catalog import services as catalog_services
from scharnier.catalog.opendata.views import CPSV_FILENAME, HSDS_FILENAME

pytestmark = pytest.mark.django_db

CPSV = Namespace("http://purl.org/vocab/cpsv#")


def test_page_explains_the_datasets_and_links_them(client, catalog):
    response = client.get("/open-data/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/open-data/{HSDS_FILENAME}"' in html
    assert f'href="/open-data/{CPSV_FILENAME}"' in html
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in html
    # Five live offers in HSDS, four of them from public bodies in CPSV-AP.
    assert "Alle 5 vormen van hulp" in html
    assert "4 vormen van hulp van overheden" in html
    assert 'aria-current="page"' in html  # the menu marks the open-data section


def test_hsds_download(client, catalog):
    response = client.get(f"/open-data/{HSDS_FILENAME}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{HSDS_FILENAME}"'
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(b"".join(response.streaming_content))
    assert {s["id"] for s in document["services"]} == {
        str(o.public_id) for o in catalog.offers.values()
    }


def test_turtle_download(client, catalog):
    response = client.get(f"/open-data/{CPSV_FILENAME}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{CPSV_FILENAME}"'
    graph = Graph().parse(data=b"".join(response.streaming_content).decode(), format="turtle")
    assert len(set(graph.subjects(RDF.type, CPSV.PublicService))) == 4


def test_a_download_is_reused_until_the_catalog_changes(client, catalog, _export_cache_dir):
    def download() -> dict:
        return json.loads(b"".join(client.get(f"/open-data/{HSDS_FILENAME}").streaming_content))

    first = download()
    [cached] = _export_cache_dir.glob("hsds.*")
    built_at = cached.stat().st_mtime_ns
    assert download() == first
    assert [p.stat().st_mtime_ns for p in _export_cache_dir.glob("hsds.*")] == [built_at]

    offer = catalog.offers["municipal"]
    catalog_services.archive_offer(actor=None, offer=offer)
    names = {s["name"] for s in download()["services"]}

    assert offer.title not in names and len(names) == len(catalog.offers) - 1
    assert len(list(_export_cache_dir.glob("hsds.*"))) == 1  # the old file is cleaned up


def test_downloads_need_no_login_and_only_allow_reading(client, catalog):
    for url in ("/open-data/", f"/open-data/{HSDS_FILENAME}", f"/open-data/{CPSV_FILENAME}"):
        assert client.head(url).status_code == 200
        response = client.post(url)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


def test_an_empty_catalog_is_still_a_valid_download(client, db):
    document = json.loads(b"".join(client.get(f"/open-data/{HSDS_FILENAME}").streaming_content))
    assert document["services"] == [] and document["organizations"] == []
    assert len(document["taxonomy_terms"]) > 0
    turtle = b"".join(client.get(f"/open-data/{CPSV_FILENAME}").streaming_content).decode()
    assert len(Graph().parse(data=turtle, format="turtle")) > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_download_over_real_http(live_server, catalog):
    response = requests.get(f"{live_server.url}/open-data/{HSDS_FILENAME}", timeout=30)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    names = {s["name"] for s in response.json()["services"]}
    assert "Subsidie digitaal ondernemen" in names
    assert "Gearchiveerd geheim aanbod" not in names
