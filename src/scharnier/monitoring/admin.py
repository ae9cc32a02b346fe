"""Read-only admin for outcome events (they are immutable)."""

from django.contrib import admin

from scharnier.core.admin import ReadOnlyAdmin

from .models import OutcomeEvent


@admin.register(OutcomeEvent)
class OutcomeEventAdmin(ReadOnlyAdmin):
    list_display = ["kind", "occurred_at", "region", "municipality", "quantity", "source_type"]
    list_filter = ["kind", "region"]
    date_hierarchy = "occurred_at"
    exclude = ["firm_key"]
