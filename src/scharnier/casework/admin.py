"""Admin: settings and the audit log only. Questions are handled on the casework pages, where
permissions and the audit log apply; the admin deliberately shows no personal data."""

from django.contrib import admin

from scharnier.core.admin import ReadOnlyAdmin

from . import services
from .models import PersonalDataAccess, ProviderClosure, RegionCaseworkSettings, RegionClosure


@admin.register(RegionCaseworkSettings)
class RegionCaseworkSettingsAdmin(admin.ModelAdmin):
    list_display = ["region", "sla_working_days", "referral_working_days"]

    def save_model(self, request, obj, form, change) -> None:
        services.set_region_sla(
            actor=request.user,
            region=obj.region,
            working_days=obj.sla_working_days,
            referral_days=obj.referral_working_days,
        )


# Added and removed on the region's page "Termijn en sluitingsdagen" (its checks live there).
@admin.register(RegionClosure)
class RegionClosureAdmin(ReadOnlyAdmin):
    list_display = ["region", "starts_on", "ends_on", "reason", "created_at"]
    list_filter = ["region"]


# Added and removed on the provider's page "Sluitingsdagen".
@admin.register(ProviderClosure)
class ProviderClosureAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "starts_on", "ends_on", "reason", "created_at"]
    list_filter = ["organisation"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["question", "user", "channel", "at"]
    list_filter = ["channel"]
    date_hierarchy = "at"
