"""Page-number pagination with camelCase `pageSize` (NL API Design Rules: camelCase query keys).

`page` and `pageSize` are checked in api.filters (malformed -> 400); a page past the end
is a 404.
"""

from typing import Any

from rest_framework import pagination

from .filters import MAX_PAGE_SIZE


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "pageSize"
    max_page_size = MAX_PAGE_SIZE

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Paginanummer, vanaf 1.",
                "schema": {"type": "integer", "minimum": 1},
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
