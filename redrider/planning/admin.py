"""Back-office views of demand sets and plans, scoped to the user's region."""

from django.contrib import admin

from redrider.core.admin import RegionScopedAdmin

from .models import DemandSet, PlanSite, SitePlan


@admin.register(DemandSet)
class DemandSetAdmin(RegionScopedAdmin):
    list_display = ("name", "region_code", "source", "active", "point_count", "created_at")
    list_filter = ("source", "active")
    readonly_fields = ("region_code", "point_count", "total_weight", "detail", "created_by")


class PlanSiteInline(admin.TabularInline):
    model = PlanSite
    extra = 0
    readonly_fields = (
        "rank",
        "lat",
        "lng",
        "gain",
        "gain_weight",
        "source",
        "label",
        "county_code",
    )
    can_delete = False


@admin.register(SitePlan)
class SitePlanAdmin(RegionScopedAdmin):
    list_display = (
        "id",
        "region_code",
        "mode",
        "k",
        "radius_m",
        "status",
        "coverage",
        "created_at",
    )
    list_filter = ("status", "mode")
    readonly_fields = ("region_code",)
    inlines = [PlanSiteInline]
    exclude = ("custom_candidates",)
