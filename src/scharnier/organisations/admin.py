from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from scharnier.core.admin import ReadOnlyAdmin

from .models import (
    DirectingOrganisation,
    Membership,
    MembershipChange,
    MembershipChangeKind,
    Organisation,
    RegionalRole,
)
from .services import record_membership_change


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


class IdleFilter(admin.SimpleListFilter):
    """Roles of accounts that have not logged in for a while: a national review of who still
    has access (the regions and organisations see theirs in "Mijn team")."""

    title = _("inloggen")
    parameter_name = "inloggen"

    def lookups(self, request, model_admin):
        days = settings.ACCOUNTS_TEAM_IDLE_DAYS
        return [("stil", _("%(days)s dagen of langer niet ingelogd") % {"days": days})]

    def queryset(self, request, queryset):
        if self.value() != "stil":
            return queryset
        before = timezone.now() - timedelta(days=settings.ACCOUNTS_TEAM_IDLE_DAYS)
        return queryset.filter(
            Q(user__last_login__lt=before)
            | Q(user__last_login__isnull=True, user__date_joined__lt=before)
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "region", "province", "last_login"]
    list_filter = ["role", IdleFilter, "region", "province"]
    list_select_related = ["user", "organisation", "region", "province"]
    search_fields = ["user__username", "user__email", "organisation__name", "region__name"]
    autocomplete_fields = ["user", "organisation", "region"]

    @admin.display(description=_("laatst ingelogd"), ordering="user__last_login")
    def last_login(self, membership: Membership):
        return membership.user.last_login

    # Changes made here are recorded like those in "Mijn team".
    def save_model(self, request, obj: Membership, form, change: bool) -> None:
        if change and form.changed_data:
            before = Membership.objects.get(pk=obj.pk)
            record_membership_change(request.user, before, MembershipChangeKind.WITHDRAWN)
        super().save_model(request, obj, form, change)
        if not change or form.changed_data:
            record_membership_change(request.user, obj, MembershipChangeKind.GRANTED)

    def delete_model(self, request, obj: Membership) -> None:
        record_membership_change(request.user, obj, MembershipChangeKind.WITHDRAWN)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset:
            record_membership_change(request.user, membership, MembershipChangeKind.WITHDRAWN)
        super().delete_queryset(request, queryset)


@admin.register(MembershipChange)
class MembershipChangeAdmin(admin.ModelAdmin):
    """Read only: the record of who gave or took which role."""

    list_display = ["at", "user", "kind", "role", "organisation", "region", "province", "actor"]
    list_filter = ["kind", "role", "region", "province"]
    list_select_related = ["user", "actor", "organisation", "region", "province"]
    search_fields = ["user__username", "actor__username", "organisation__name", "region__name"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DirectingOrganisation)
class DirectingOrganisationAdmin(ReadOnlyAdmin):
    """Read-only: the region's director records the regie on "Partijen aan tafel", where the
    service checks that the organisation sits at the table."""

    list_display = ["region", "organisation", "granted_on", "granted_by"]
