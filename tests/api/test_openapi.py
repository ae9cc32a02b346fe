"""The OpenAPI document: generated from code, committed, served, and linted with the
NL API Design Rules 2.2 ruleset (Spectral) with zero errors."""

import io
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from tests.api.conftest import token_for
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
API_DIR = ROOT / "src" / "scharnier" / "api"
DOCUMENT = API_DIR / "openapi.yaml"
RULESET = API_DIR / "spectral.yaml"
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
ADR_CASES = Path(__file__).resolve().parent / "adr-testcases"


def generate(tmp_path: Path) -> str:
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", file=str(target), validate=True, fail_on_warn=True)
    return target.read_text(encoding="utf-8")


def spectral(*documents: Path) -> tuple[int, list[dict]]:
    assert SPECTRAL.exists(), "Spectral missing: run `make test` (npm ci)"
    result = subprocess.run(
        [
            str(SPECTRAL),
            "lint",
            "--ruleset",
            str(RULESET),
            "--format",
            "json",
            "--quiet",
            *map(str, documents),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout.strip()
    return result.returncode, json.loads(output) if output.startswith("[") else []


def test_committed_document_is_current(tmp_path):
    assert DOCUMENT.read_text(encoding="utf-8") == generate(tmp_path), (
        "src/scharnier/api/openapi.yaml is stale: run `make openapi` and commit it"
    )


def test_committed_document_passes_nl_api_design_rules():
    code, results = spectral(DOCUMENT)
    errors = [r for r in results if r["severity"] == 0]
    assert errors == [], [(r["code"], ".".join(map(str, r["path"]))) for r in errors]
    assert code == 0


def test_document_basics():
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.0.")
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["info"]["version"])
    assert {"name", "url", "email"} <= set(document["info"]["contact"])
    assert all(server["url"].endswith("/api/v1") for server in document["servers"])
    for path, item in document["paths"].items():
        # The API root itself (`/api/v1/`, the index) is the only path ending in a slash.
        assert path == "/" or not path.endswith("/"), path
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"], (path, status)
                elif status.startswith("2"):
                    assert "API-Version" in response["headers"], (path, method, status)


def test_ruleset_still_catches_official_adr_cases():
    # The project ruleset must report what the official linter reports on its test cases,
    # so a ruleset that silently stops checking fails here. One Spectral run for all cases.
    cases = sorted(p for p in ADR_CASES.iterdir() if p.is_dir())
    assert len(cases) >= 5
    _, results = spectral(*(case / "openapi.json" for case in cases))
    for case in cases:
        expected_text = (case / "expected-output.txt").read_text(encoding="utf-8")
        expected = set(re.findall(r"^\s*\d+:\d+\s+error\s+(\S+)", expected_text, re.M))
        found = {
            r["code"]
            for r in results
            if r["severity"] == 0 and Path(r["source"]).parent.name == case.name
        }
        assert found == expected, case.name
    assert any(case.name == "baseline" for case in cases)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_served_document_matches_committed(live_server):
    import requests

    response = requests.get(live_server.url + "/api/v1/openapi.json", timeout=60)
    assert response.status_code == 200
    assert response.headers["API-Version"] == "1.0.0"
    assert response.json() == json.loads(
        json.dumps(yaml.safe_load(DOCUMENT.read_text(encoding="utf-8")), default=str)
    )


@pytest.mark.django_db
def test_create_api_token_command():
    user = make_user(username="tokenhouder")
    first = token_for(user)
    assert re.fullmatch(r"[0-9a-f]{40}", first)
    assert token_for(user) == first
    out = io.StringIO()
    call_command("create_api_token", user.username, "--renew", stdout=out)
    assert out.getvalue().strip() != first
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("create_api_token", "niemand")


_CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")


def _non_camel_names(node, path: str = "") -> list[str]:
    """Every property and query/path parameter name in the document that is not camelCase."""
    bad: list[str] = []
    if isinstance(node, dict):
        for name in (
            (node.get("properties") or {}) if isinstance(node.get("properties"), dict) else {}
        ):
            if not _CAMEL.match(name):
                bad.append(f"{path}.properties.{name}")
        for name in node.get("required") or [] if isinstance(node.get("required"), list) else []:
            if isinstance(name, str) and not _CAMEL.match(name):
                bad.append(f"{path}.required.{name}")
        if node.get("in") in ("query", "path") and not _CAMEL.match(str(node.get("name", ""))):
            bad.append(f"{path}.parameter.{node.get('name')}")
        for key, value in node.items():
            bad += _non_camel_names(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            bad += _non_camel_names(value, f"{path}[{index}]")
    return bad


def test_committed_document_uses_camel_case_names_only():
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    assert _non_camel_names(document) == []


def test_camel_case_walker_finds_snake_case():
    # The walker itself must see a snake_case property, required entry and query parameter.
    sample = {
        "a": {"properties": {"okName": {}, "from_status": {}}, "required": ["from_status"]},
        "b": [{"in": "query", "name": "page_size"}],
    }
    assert len(_non_camel_names(sample)) == 3
