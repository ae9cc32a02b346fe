"""API conformance (issue 11): schemathesis generates requests from the committed OpenAPI
document and sends them over real HTTP to the live server, for every operation, anonymously
and with a token. Any response that breaks the document (a 5xx, an undocumented status or
content type, a body that does not match its schema, a valid request refused) fails the test.

Bounded: a few examples per operation and mode, so the run stays around two minutes.
"""

from pathlib import Path

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis.checks import positive_data_acceptance

from scharnier.organisations.models import Role
from tests.api.conftest import API_MARKS, token_for
from tests.casework.conftest import build_world
from tests.factories import make_user

pytestmark = API_MARKS

DOCUMENT = Path(__file__).resolve().parents[2] / "src" / "scharnier" / "api" / "openapi.yaml"
EXAMPLES_PER_OPERATION = 12

# A schema-valid request may still name a code, slug or reference that does not exist (the
# document cannot list every municipality or organisation), or break a rule between fields that
# the document states in words (the areas must fit the scope level; a maximum not below the
# minimum; a reply address only with consent; the field a signal's source needs). Such a
# refusal is a 400 whose every invalidParams entry says exactly that; any other refusal of valid
# data is a failure.
REFERENTIAL_CODES = {"does_not_exist", "unknown_code", "not_found", "invalid_choice"}
CROSS_FIELD_CODES = {"scope_mismatch", "range", "consent_required", "required_for_source"}
ACCEPTED_REFUSALS = REFERENTIAL_CODES | CROSS_FIELD_CODES


@schemathesis.check
def valid_data_refused_only_for_unknown_references(ctx, response, case):
    if response.status_code != 400 or case.meta is None:
        return None
    if getattr(case.meta.generation.mode, "value", "positive") != "positive":
        return None
    params = response.json().get("invalidParams") or []
    other = [p for p in params if p.get("code") not in ACCEPTED_REFUSALS]
    if not params or other:
        raise AssertionError(f"schema-valid request refused: {other or response.text[:300]}")
    return None


def _run_operation(operation, base_url: str, session: requests.Session) -> list[str]:
    failures: list[str] = []

    @hypothesis.settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,  # the same requests every run: a failure can be reproduced
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy())
    def check(case):
        if failures:
            return  # one failure per operation is enough to report; no shrinking
        try:
            case.call_and_validate(
                base_url=base_url,
                session=session,
                excluded_checks=[positive_data_acceptance],
                additional_checks=[valid_data_refused_only_for_unknown_references],
            )
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - report all at the end
            failures.append(f"{operation.label}: {type(error).__name__}: {str(error)[:900]}")

    check()
    return failures


def test_every_operation_conforms_to_the_document(live_server):
    world = build_world()
    admin = make_user(Role.ADMINISTRATOR)
    schema = schemathesis.openapi.from_path(DOCUMENT)
    base_url = live_server.url + "/api/v1"
    failures: list[str] = []
    sessions = {"anonymous": requests.Session(), "token": requests.Session()}
    sessions["token"].headers["Authorization"] = f"Token {token_for(admin)}"
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode, session in sessions.items():
                for failure in _run_operation(operation, base_url, session):
                    failures.append(f"[{mode}] {failure}")
    finally:
        for session in sessions.values():
            session.close()
    assert world.offer is not None
    assert not failures, "\n\n".join(failures)


def test_harness_reports_a_broken_response(live_server, monkeypatch):
    # The harness must fail when the server breaks the document: here every list is made
    # to answer a body its schema does not allow.
    from scharnier.core.api import pagination

    def broken(self, data):
        from rest_framework.response import Response

        return Response({"unexpected": True})

    monkeypatch.setattr(pagination.PageNumberPagination, "get_paginated_response", broken)
    schema = schemathesis.openapi.from_path(DOCUMENT)
    operation = schema.find_operation_by_label("GET /provinces")
    with requests.Session() as session:
        failures = _run_operation(operation, live_server.url + "/api/v1", session)
    assert failures and "GET /provinces" in failures[0]


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
