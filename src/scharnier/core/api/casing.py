"""The one place where the API's camelCase meets Python's snake_case.

Serializers, services and queries use snake_case names; the renderer camelizes every key on the
way out, the parser turns camelCase keys into snake_case on the way in, and the schema hook
camelizes property names in the OpenAPI document (NL API Design Rules: camelCase properties).
"""

import re
from typing import Any

_CAMEL_KEY = re.compile(r"^[a-z][a-zA-Z0-9]*$")
_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])")


def camelize(name: str) -> str:
    """`valid_until` -> `validUntil`; names that are already camelCase stay as they are."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def underscore(name: str) -> str:
    """`validUntil` -> `valid_until`."""
    return _UPPER.sub(r"_\1", name).lower()


def is_camel_case(name: str) -> bool:
    return bool(_CAMEL_KEY.match(name))


def camelize_keys(value: Any) -> Any:
    """Every dict key in a (nested) JSON value camelized."""
    if isinstance(value, dict):
        return {
            (camelize(k) if isinstance(k, str) else k): camelize_keys(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [camelize_keys(v) for v in value]
    return value


def underscore_keys(value: Any, bad_keys: list[str], path: str = "") -> Any:
    """Every dict key in a (nested) JSON value as snake_case.

    A key that is not camelCase (e.g. `min_employees`) is kept as written and reported in
    `bad_keys`, so that the old dialect fails loudly instead of half working.
    """
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            name = f"{path}.{key}" if path else key
            if is_camel_case(key):
                result[underscore(key)] = underscore_keys(item, bad_keys, name)
            else:
                bad_keys.append(name)
                result[key] = item
        return result
    if isinstance(value, list):
        return [underscore_keys(v, bad_keys, f"{path}[{i}]") for i, v in enumerate(value)]
    return value
