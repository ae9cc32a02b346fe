from django.contrib import admin

from .models import Membership, Organisation, RegionalRole


class RegionalRoleInline(admin.TabularInline):
    model = RegionalRole
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "kvk_number", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "slug", "kvk_number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "municipality"]
    inlines = [RegionalRoleInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "region", "province"]
    list_filter = ["role"]
    search_fields = ["user__username", "organisation__name", "region__name"]
    autocomplete_fields = ["user", "organisation", "region"]
