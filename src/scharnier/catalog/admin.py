from django.contrib import admin

from scharnier.core.admin import ReadOnlyAdmin

from .models import (
    CatalogueEntry,
    CatalogueHarvest,
    Channel,
    Direction,
    EditorReminder,
    JourneyPhase,
    Offer,
    OfferType,
    OfferVersion,
    SbiSection,
    SizeClass,
    Theme,
)


@admin.register(Theme, JourneyPhase, OfferType, Direction, SizeClass, SbiSection, Channel)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "position"]
    search_fields = ["label", "code"]


class OfferVersionInline(admin.TabularInline):
    model = OfferVersion
    extra = 0
    fields = ["number", "changed_at", "changed_by", "source", "changed_fields"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    """Read-only in the admin: offers are written through the editor pages, files and the API,
    which all go through catalog.services (permissions, coverage index, versions)."""

    list_display = ["title", "provider", "offer_type", "scope_level", "valid_until", "is_archived"]
    list_filter = ["offer_type", "scope_level", "is_archived", "themes"]
    search_fields = ["title", "summary", "provider__name", "external_id"]
    inlines = [OfferVersionInline]


@admin.register(EditorReminder)
class EditorReminderAdmin(ReadOnlyAdmin):
    list_display = ["provider", "month", "expired", "unchecked", "sent_at"]
    list_filter = ["month"]


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(ReadOnlyAdmin):
    """Read-only: entries are written by a harvest and the editors' page (catalog.harvesting)."""

    list_display = ["title", "organisation", "decision", "in_catalogue", "offer", "last_seen"]
    list_filter = ["decision", "in_catalogue"]
    search_fields = ["title", "identifier", "organisation__name"]


@admin.register(CatalogueHarvest)
class CatalogueHarvestAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "harvested_at", "products", "for_entrepreneurs", "new"]
