"""Bounded uploads (issue 11): every bad file through the web upload and the command.

Each answer is a specific Dutch message and the database is unchanged (fingerprint of every
offer row). The large files are generated here; see bad_input/README.md.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils.html import escape

from scharnier.catalog.importing import import_offers
from scharnier.catalog.tasks import import_offers as import_task
from scharnier.jobs.models import Job, JobState
from scharnier.organisations.models import Role
from tests.catalog.test_import_bad_input import CASES, CORPUS, database_fingerprint
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

HEADER = "kenmerk;titel;samenvatting;soort;themas;fasen;gebied"


@pytest.fixture
def catalog():
    kvk = make_organisation("kvk", name="KVK")
    make_organisation("rvo", name="RVO")
    make_offer(provider=kvk, external_id="BESTAAND-1", title="Bestaand aanbod")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=kvk)
    return kvk, editor


def web_upload(client, provider, name: str, content: bytes):
    return client.post(
        "/beheer/aanbod/importeren/",
        {"provider": provider.pk, "file": SimpleUploadedFile(name, content)},
    )


def checked_job(client, response) -> Job:
    """The check job the upload redirected to, after showing its page."""
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.get(public_id=response.url.rstrip("/").rsplit("/", 1)[-1])
    page = client.get(response.url)
    assert page.status_code == 200
    return job, page.content.decode()


# The editor uploads for their own organisation: the "aanbieder" column means something else
# there, so these two expect another (also Dutch, also specific) message on the web.
WEB_MESSAGES = {
    "unknown_provider.csv": (None, "aanbieder", None),
    "other_provider_in_upload.csv": (None, "aanbieder", None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_via_web_upload(client, catalog, name):
    kvk, editor = catalog
    expected = CASES[name]
    client.force_login(editor)
    before = database_fingerprint()
    response = web_upload(client, kvk, name, (CORPUS / name).read_bytes())
    if response.status_code == 400:  # an empty file is refused by the form itself
        assert expected["message"] in response.content.decode()
        assert not Job.objects.exists() and database_fingerprint() == before
        return
    job, page = checked_job(client, response)
    assert job.state == JobState.SUCCEEDED
    result = job.result
    assert not result["ok"] and result["problem_count"] >= 1
    assert ">Opslaan</button>" not in page and "Er is niets opgeslagen" in page
    problems = result["problems"]
    if name in WEB_MESSAGES:
        assert any(p["field"] == "aanbieder" for p in problems), problems
    elif expected.get("provider") or not (expected["field"] == "aanbieder"):
        matching = [
            p
            for p in problems
            if p["row"] == expected["row"]
            and p["field"] == expected["field"]
            and expected["message"] in p["message"]
        ]
        assert matching, f"expected {expected}, got {problems}"
        assert escape(matching[0]["message"]) in page
    assert database_fingerprint() == before


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_via_command(catalog, name):
    expected = CASES[name]
    before = database_fingerprint()
    stderr = io.StringIO()
    arguments = [str(CORPUS / name)]
    if expected.get("provider"):
        arguments += ["--provider", expected["provider"]]
    with pytest.raises(CommandError, match="Er is niets opgeslagen"):
        call_command("import_offers", *arguments, stdout=io.StringIO(), stderr=stderr)
    assert expected["message"] in stderr.getvalue()
    assert database_fingerprint() == before


def test_four_megabyte_json_of_ones_is_refused_on_its_row_count(client, catalog):
    """Once 59 s and a 503 MB error page; now one short message, before any row is read."""
    kvk, editor = catalog
    content = ("[" + ",".join(["1"] * 2_000_000) + "]").encode()
    assert len(content) > 4_000_000
    before = database_fingerprint()
    report = import_offers(content=content, filename="enen.json", actor=None, provider=kvk)
    assert report.problem_count == 1
    assert "meer dan 50.000 rijen" in report.problems[0].message
    client.force_login(editor)
    job, page = checked_job(client, web_upload(client, kvk, "enen.json", content))
    assert job.result["problem_count"] == 1 and "meer dan 50.000 rijen" in page
    assert len(page) < 100_000
    assert database_fingerprint() == before


def test_problem_list_is_capped_with_a_count_of_the_rest(client, catalog, settings, tmp_path):
    settings.CATALOG_IMPORT_MAX_PROBLEMS = 100
    kvk, editor = catalog
    # 5,000 rows, each with an unknown theme code.
    rows = [f"R-{n};Titel;Samenvatting.;advies;ruimtevaart;weten;nationaal" for n in range(5000)]
    content = "\n".join([HEADER, *rows]).encode()
    before = database_fingerprint()
    client.force_login(editor)
    job, page = checked_job(client, web_upload(client, kvk, "veel.csv", content))
    assert job.result["problem_count"] == 5000
    assert len(job.result["problems"]) == 100
    assert job.result["problems"][0]["row"] == 2 and job.result["problems"][-1]["row"] == 101
    assert "Er zijn 5000 problemen gevonden" in page
    assert "Hierboven staan de eerste 100 problemen. Er zijn nog 4900 problemen" in page
    assert page.count('<tr class="utrecht-table__row">') == 101  # header + 100
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="5000 probleem/problemen gevonden .de eerste 100"):
        call_command(
            "import_offers",
            str(_write(tmp_path, "veel.csv", content)),
            "--provider",
            "kvk",
            stdout=io.StringIO(),
            stderr=stderr,
        )
    assert stderr.getvalue().count("ruimtevaart") == 100
    assert database_fingerprint() == before


def _write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_200000_row_csv_does_not_run_inside_the_request(client, catalog, settings):
    """The upload only stores the file and queues the check; the worker refuses it quickly."""
    settings.SCHARNIER_TASKS = "queue"  # a worker would run it; nothing is sent in a test
    kvk, editor = catalog
    rows = [f"R{n};T;S.;advies;strategie;weten;nationaal" for n in range(200_000)]
    content = "\n".join([HEADER, *rows]).encode()
    before = database_fingerprint()
    client.force_login(editor)
    assert len(content) < settings.CATALOG_IMPORT_MAX_BYTES  # under the size limit
    response = web_upload(client, kvk, "groot.csv", content)
    job, page = checked_job(client, response)
    assert job.state == JobState.QUEUED and bytes(job.input_data) == content
    assert '<meta http-equiv="refresh"' in page and "In de wachtrij" in page
    # What the worker does with it:
    assert import_task.apply(kwargs={"job_id": job.pk}).get() == JobState.SUCCEEDED
    job.refresh_from_db()
    assert job.result["problem_count"] == 1
    assert "meer dan 50.000 rijen" in job.result["problems"][0]["message"]
    assert job.result["problems"][0]["row"] == 50_002
    assert database_fingerprint() == before


def test_file_over_the_size_limit_is_refused_before_parsing(client, catalog, settings, tmp_path):
    settings.CATALOG_IMPORT_MAX_BYTES = 1024 * 1024
    kvk, editor = catalog
    content = b"x" * (1024 * 1024 + 10)
    before_jobs = Job.objects.count()
    client.force_login(editor)
    response = web_upload(client, kvk, "te-groot.csv", content)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Het bestand is te groot (1,1 MB). Het mag hoogstens 1,0 MB zijn." in body
    assert Job.objects.count() == before_jobs  # refused in the form: no job, no stored file
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_offers",
            str(_write(tmp_path, "te-groot.csv", content)),
            stdout=io.StringIO(),
            stderr=stderr,
        )
    assert "Het bestand is te groot" in stderr.getvalue()


def test_request_body_over_the_limit_is_refused_unread(client, catalog, settings):
    settings.CATALOG_IMPORT_MAX_BYTES = 1024 * 1024
    kvk, editor = catalog
    client.force_login(editor)
    response = web_upload(client, kvk, "veel-te-groot.csv", b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "Het bestand is te groot (2,1 MB)" in response.content.decode()
    assert not Job.objects.exists()


def test_json_nested_100000_deep(client, catalog):
    kvk, editor = catalog
    content = ("[" * 100_000 + "]" * 100_000).encode()
    before = database_fingerprint()
    client.force_login(editor)
    job, page = checked_job(client, web_upload(client, kvk, "diep.json", content))
    assert "De JSON is te diep genest." in page
    assert json.dumps(job.result["problems"][0]["message"]) == '"De JSON is te diep genest."'
    assert database_fingerprint() == before


def test_the_import_page_explains_the_columns_and_its_example_file_imports(client, catalog):
    """An editor learns the column names on the page, not from the first refused upload."""
    kvk, editor = catalog
    make_region("regio-zwolle", municipality_codes=["GM0193"])  # the example's region
    client.force_login(editor)
    page = client.get("/beheer/aanbod/importeren/").content.decode()
    assert "<code>kenmerk</code>" in page and "<code>themas</code>" in page
    assert 'href="?voorbeeld=csv"' in page
    example = client.get("/beheer/aanbod/importeren/?voorbeeld=csv")
    assert example["Content-Type"].startswith("text/csv")
    content = example.content
    assert content.startswith("\ufeff".encode()) and b"kenmerk;titel;" in content
    report = import_offers(content=content, filename="voorbeeld.csv", actor=editor, provider=kvk)
    assert report.problems == [], [str(p) for p in report.problems]
    assert report.created == 1
