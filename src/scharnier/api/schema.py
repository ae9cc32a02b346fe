"""OpenAPI post-processing: the NL API Design Rules conventions on every operation.

Runs as a drf-spectacular POSTPROCESSING_HOOK, so endpoints that other apps add under
`/api/v1/` get the same treatment without having to repeat it:

- every 2xx/3xx response documents the `API-Version` header (/core/version-header);
- every 4xx/5xx response is `application/problem+json` with the `Problem` schema
  (/core/error-handling/problem-details);
- the error responses the API can actually give are listed: 400 for operations with
  parameters or a body (/core/error-handling/invalid-input), 401/403 where a token is
  required, 404 where the path names an object or the list is paged, 406 (Accept), 415
  for operations with a body;
- integer bounds that come from the database backend are dropped, so the document is the
  same on SQLite and PostgreSQL.
"""

from typing import Any

from scharnier.core.api.errors import PROBLEM_CONTENT_TYPE
from scharnier.core.api.schema import walk_schema
from scharnier.core.api.versioning import API_VERSION_HEADER

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Foutbericht volgens RFC 9457 (Problem Details for HTTP APIs).",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {
            "type": "string",
            "format": "uri",
            "description": "URI die het soort fout aanduidt.",
            "example": "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
        },
        "title": {
            "type": "string",
            "description": "Korte, vaste omschrijving van het soort fout.",
            "example": "Ongeldige invoer",
        },
        "status": {
            "type": "integer",
            "minimum": 100,
            "maximum": 599,
            "description": "De HTTP-statuscode.",
            "example": 400,
        },
        "detail": {
            "type": "string",
            "description": "Uitleg voor deze keer.",
            "example": "Een of meer waarden zijn ongeldig. Zie invalidParams.",
        },
        "instance": {
            "type": "string",
            "format": "uri-reference",
            "description": "Het pad waarop de fout optrad.",
            "example": "/api/v1/offers",
        },
        "code": {
            "type": "string",
            "description": "Vaste code van de fout, voor programma's.",
            "example": "invalid",
        },
        "invalidParams": {
            "type": "array",
            "description": "Bij ongeldige invoer: welke parameter of welk veld, en waarom.",
            "items": {"$ref": "#/components/schemas/InvalidParam"},
        },
    },
}

INVALID_PARAM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "code", "reason"],
    "properties": {
        "name": {
            "type": "string",
            "description": "Naam van de query-parameter of het veld (camelCase); "
            "`body` voor de inhoud als geheel.",
            "example": "theme",
        },
        "code": {"type": "string", "example": "unknown_code"},
        "reason": {"type": "string", "example": "Onbekende code: digitaal."},
    },
}

API_VERSION_HEADER_SCHEMA: dict[str, Any] = {
    "description": "Het volledige versienummer van het API (semver).",
    "schema": {"type": "string", "example": "1.0.0"},
}

ERROR_DESCRIPTIONS = {
    "400": "Ongeldige invoer: zie `invalidParams`.",
    "401": "Geen of een ongeldig token (`Authorization: Token ...`).",
    "403": "Geen toestemming voor deze handeling.",
    "404": "Niet gevonden.",
    "406": "Het gevraagde formaat (Accept) is niet beschikbaar; dit API geeft JSON.",
    "409": "Conflict.",
    "415": "Stuur de inhoud als `application/json`.",
    "429": "Te veel verzoeken (per IP-adres, e-mailadres of token); probeer het na "
    "`Retry-After` seconden opnieuw.",
}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _needs_token(operation: dict[str, Any]) -> bool:
    # drf-spectacular lists `{}` among the security requirements when anonymous use is allowed.
    security = operation.get("security")
    return bool(security) and {} not in security


# Integer bounds that drf-spectacular copies from the database backend's column ranges
# (SQLite reports 64-bit for every integer column, PostgreSQL 16/32/64-bit): they would make
# the document differ per database, so they are left out.
_DATABASE_INTEGER_BOUNDS = {
    32767,
    2147483647,
    9223372036854775807,
    -32768,
    -2147483648,
    -9223372036854775808,
}


def _strip_database_range(node: dict[str, Any]) -> None:
    if node.get("type") == "integer":
        for key in ("maximum", "minimum"):
            if node.get(key) in _DATABASE_INTEGER_BOUNDS:
                del node[key]
                if node.get("format") == "int64":
                    del node["format"]


def add_adr_conventions(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    walk_schema(result, _strip_database_range)
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["InvalidParam"] = INVALID_PARAM_SCHEMA
    for path, item in result.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            query_names = {
                p.get("name") for p in operation.get("parameters", []) if p.get("in") == "query"
            }
            wanted = {"406"}
            if (
                operation.get("parameters")
                or "requestBody" in operation
                or method
                in (
                    "post",
                    "put",
                    "patch",
                )
            ):
                wanted.add("400")
            if _needs_token(operation):
                wanted |= {"401", "403"}
            if "{" in path or "page" in query_names:
                wanted.add("404")
            if "requestBody" in operation:
                wanted.add("415")
            if method == "post" or _needs_token(operation):
                # Rate limits on anonymous posts and per token (core.ratelimit, DRF throttles).
                wanted.add("429")
            for code in sorted(wanted):
                responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
            for code, response in responses.items():
                if code[:1] in ("4", "5"):
                    description = response.get("description") or ERROR_DESCRIPTIONS.get(
                        code, "Fout."
                    )
                    responses[code] = _problem_response(description)
                elif code[:1] in ("2", "3"):
                    response.setdefault("headers", {})[API_VERSION_HEADER] = (
                        API_VERSION_HEADER_SCHEMA
                    )
            operation["responses"] = dict(sorted(responses.items()))
    return result
