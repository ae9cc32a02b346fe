"""drf-spectacular hook: the OpenAPI document shows property names as the wire has them."""

from typing import Any

from .casing import camelize


def _camelize_schema(schema: Any) -> None:
    if isinstance(schema, dict):
        if isinstance(schema.get("properties"), dict):
            schema["properties"] = {camelize(k): v for k, v in schema["properties"].items()}
        if isinstance(schema.get("required"), list):
            schema["required"] = [camelize(name) for name in schema["required"]]
        for value in schema.values():
            _camelize_schema(value)
    elif isinstance(schema, list):
        for value in schema:
            _camelize_schema(value)


def camelize_properties(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """POSTPROCESSING_HOOK: camelCase every property name in components and inline schemas."""
    schemas = result.get("components", {}).get("schemas", {})
    _camelize_schema(schemas)
    # Request bodies are closed: the parser and serializers refuse names they do not know.
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema["additionalProperties"] = False
    for path in result.get("paths", {}).values():
        _camelize_schema(path)
    return result
