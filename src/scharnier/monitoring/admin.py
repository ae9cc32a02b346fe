"""Admin: outcome events read-only (immutable); the metric registry and targets through the
services (a changed definition is saved as a new version; a baseline is locked once set)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scharnier.core.admin import ReadOnlyAdmin

from . import services
from .models import (
    AgreedTarget,
    MetricDefinition,
    OutcomeEvent,
    OutcomeEventKind,
    RegionTarget,
    ResultAgreement,
)


@admin.register(OutcomeEvent)
class OutcomeEventAdmin(ReadOnlyAdmin):
    list_display = ["kind", "occurred_at", "region", "municipality", "quantity", "source_type"]
    list_filter = ["kind", "region"]
    date_hierarchy = "occurred_at"
    exclude = ["firm_key"]


EDITABLE = ("name", "definition", "unit", "computation", "period", "owner", "event_kinds")


class MetricDefinitionForm(forms.ModelForm):
    event_kinds = forms.MultipleChoiceField(
        label=_("Telt bij deze gebeurtenissen (alleen voor bereikt, geactiveerd, ondersteund)"),
        choices=OutcomeEventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MetricDefinition
        fields = list(EDITABLE)


@admin.register(MetricDefinition)
class MetricDefinitionAdmin(admin.ModelAdmin):
    """A national administrator (superuser) edits a KPI; saving makes a new version."""

    form = MetricDefinitionForm
    list_display = ["code", "version", "valid_from", "name", "unit"]
    list_filter = ["code"]
    readonly_fields = ["code", "version", "valid_from"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def save_model(self, request, obj, form, change) -> None:
        changes = {name: form.cleaned_data[name] for name in EDITABLE if name in form.cleaned_data}
        try:
            revised = services.revise_metric_definition(
                actor=request.user, code=obj.code, **changes
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
            return
        obj.pk = revised.pk
        messages.info(request, _("Opgeslagen als versie %(v)d.") % {"v": revised.version})

    def response_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:monitoring_metricdefinition_changelist"))


class RegionTargetForm(forms.ModelForm):
    class Meta:
        model = RegionTarget
        fields = ["region", "target", "baseline", "baseline_on"]


@admin.register(RegionTarget)
class RegionTargetAdmin(admin.ModelAdmin):
    """Targets per region; the baseline (nulmeting) can be set once and is then read-only."""

    form = RegionTargetForm
    list_display = ["region", "target", "baseline", "baseline_on"]

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.baseline is not None:
            return ["region", "baseline", "baseline_on"]
        return ["region"] if obj is not None else []

    def save_model(self, request, obj, form, change) -> None:
        region = obj.region
        services.set_region_target(actor=request.user, region=region, target=obj.target)
        baseline = form.cleaned_data.get("baseline")
        if "baseline" in form.changed_data and baseline is not None:
            services.lock_baseline(
                actor=request.user,
                region=region,
                baseline=baseline,
                on=form.cleaned_data.get("baseline_on"),
            )
        obj.pk = RegionTarget.objects.get(region=region).pk


class AgreedTargetInline(admin.TabularInline):
    model = AgreedTarget
    fields = ["metric_code", "target", "baseline", "baseline_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ResultAgreement)
class ResultAgreementAdmin(ReadOnlyAdmin):
    """To look at; entered on the form behind 'Bekijk op de website' (the service checks who
    may and locks the baseline)."""

    list_display = ["region", "year", "updated_at"]
    list_filter = ["year", "region"]
    fields = ["region", "year", "parties", "note", "updated_at"]
    inlines = [AgreedTargetInline]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    def get_view_on_site_url(self, obj=None):
        if obj is None:
            return None
        return reverse("monitoring:agreement-form", args=[obj.region.slug, obj.year])
