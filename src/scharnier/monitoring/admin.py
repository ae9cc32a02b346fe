"""Read-only admin for outcome events (they are immutable)."""

from django.contrib import admin

from .models import OutcomeEvent


@admin.register(OutcomeEvent)
class OutcomeEventAdmin(admin.ModelAdmin):
    list_display = ["kind", "occurred_at", "region", "municipality", "quantity", "source_type"]
    list_filter = ["kind", "region"]
    date_hierarchy = "occurred_at"
    exclude = ["firm_key"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
