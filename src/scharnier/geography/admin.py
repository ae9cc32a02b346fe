from django.contrib import admin

from .models import CoropArea, LabourMarketRegion, Municipality, Province, Region


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(CoropArea, LabourMarketRegion)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "corop_area", "labour_market_region"]
    list_filter = ["province"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "rollout_wave", "status"]
    list_filter = ["rollout_wave", "status"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["municipalities"]
    prepopulated_fields = {"slug": ["name"]}
