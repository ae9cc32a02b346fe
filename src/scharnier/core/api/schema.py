"""drf-spectacular hook: the OpenAPI document shows property names as the wire has them."""

from collections.abc import Callable
from typing import Any

from .casing import camelize


def walk_schema(node: Any, visit: Callable[[dict[str, Any]], None]) -> None:
    """Call `visit` on every object of an OpenAPI (JSON) tree, each before what it contains."""
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            walk_schema(value, visit)
    elif isinstance(node, list):
        for value in node:
            walk_schema(value, visit)


def _camelize_names(schema: dict[str, Any]) -> None:
    if isinstance(schema.get("properties"), dict):
        schema["properties"] = {camelize(k): v for k, v in schema["properties"].items()}
    if isinstance(schema.get("required"), list):
        schema["required"] = [camelize(name) for name in schema["required"]]


def camelize_properties(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """POSTPROCESSING_HOOK: camelCase every property name in components and inline schemas."""
    schemas = result.get("components", {}).get("schemas", {})
    walk_schema(schemas, _camelize_names)
    # Request bodies are closed: the parser and serializers refuse names they do not know.
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
    for path in result.get("paths", {}).values():
        walk_schema(path, _camelize_names)
    return result
