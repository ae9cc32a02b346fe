"""JSON out: camelCase keys, UTF-8 as is."""

from typing import Any

from rest_framework import renderers

from .casing import camelize_keys


class CamelCaseJSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer after camelizing every key (the API's one dialect)."""

    def render(self, data: Any, accepted_media_type=None, renderer_context=None) -> bytes:
        return super().render(camelize_keys(data), accepted_media_type, renderer_context)
