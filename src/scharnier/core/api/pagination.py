"""Page-number pagination with camelCase `pageSize` (NL API Design Rules: camelCase query keys).

`page` and `pageSize` are checked strictly for every list (malformed or above the maximum ->
400, never clamped); a page past the end is a 404.
"""

from typing import Any

from rest_framework import pagination

from .query import MAX_PAGE_SIZE, QueryParams


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        # Only the pagination parameters here; each view checks its own filters.
        QueryParams(request.query_params, request.query_params.keys()).raise_if_invalid()
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Paginanummer, vanaf 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 999_999_999},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Aantal resultaten per pagina (standaard {self.page_size}, "
                f"hoogstens {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
