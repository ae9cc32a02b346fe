"""JSON in: strict UTF-8, no duplicate keys, finite numbers, camelCase keys -> snake_case.

Every malformed body is a 400 problem+json with a Dutch message, never a 500 and never a
silent guess (RFC 8259: JSON between systems is UTF-8; a repeated key is ambiguous).
"""

import json
import math
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .casing import camelize, underscore_keys
from .errors import ApiValidationError, invalid_param

# Longer numbers are no count, amount or year anyone means; Python refuses > 4300 digits anyway.
MAX_NUMBER_DIGITS = 50


class _RefusedError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RefusedError(_("De sleutel '%(key)s' komt twee keer voor.") % {"key": key[:100]})
        result[key] = value
    return result


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _RefusedError(_("Een getal in de JSON is te lang."))
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS * 2:
        raise _RefusedError(_("Een getal in de JSON is te lang."))
    value = float(text)
    if not math.isfinite(value):
        raise _RefusedError(_("Een getal in de JSON is te groot."))
    return value


def _no_constants(name: str) -> None:
    raise _RefusedError(_("%(name)s is geen geldig JSON-getal.") % {"name": name})


def loads_strict(raw: bytes) -> Any:
    """Parse a JSON body as the API accepts it; raises ParseError with a Dutch message."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(_("De inhoud is geen geldige UTF-8-tekst.")) from error
    try:
        return json.loads(
            text.removeprefix("\ufeff"),
            object_pairs_hook=_no_duplicates,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_no_constants,
        )
    except _RefusedError as error:
        raise ParseError(str(error)) from error
    except RecursionError as error:
        raise ParseError(_("De JSON is te diep genest.")) from error
    except ValueError as error:
        raise ParseError(_("De inhoud van het verzoek is geen geldige JSON.")) from error


class JSONParser(parsers.JSONParser):
    """The API's only JSON parser (the charset parameter is ignored: JSON is UTF-8)."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        data = loads_strict(stream.read() if stream is not None else b"")
        bad_keys: list[str] = []
        data = underscore_keys(data, bad_keys)
        if bad_keys:
            raise ApiValidationError(
                [
                    invalid_param(
                        key[:100],
                        "not_camel_case",
                        _("Gebruik camelCase voor namen, bijvoorbeeld '%(name)s'.")
                        % {"name": camelize(key.rsplit(".", 1)[-1])[:100]},
                    )
                    for key in bad_keys[:20]
                ]
            )
        return data
