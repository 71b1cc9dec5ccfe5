"""Back-office views of 百位典型, scoped like the selectors. State changes (scores, notice,
publishing, assessments) go through services and their pages; the admin edits brands only.

A nomination's links to the rider's record are never shown here: a tip-off link would tell an
admin that the nominee was an informant."""

from django.contrib import admin

from redrider.core.admin import RegionScopedAdmin

from .models import (
    Asset,
    Brand,
    Campaign,
    DemoSite,
    Exemplar,
    Nomination,
    Placement,
    Quota,
    SiteStatusChange,
    Story,
)


class ReadOnlyScopedAdmin(RegionScopedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuotaInline(admin.TabularInline):
    model = Quota
    extra = 0
    can_delete = False
    readonly_fields = ("region_code", "seats")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "year", "region_code", "status", "notice_ends_at", "published_at")
    list_filter = ("status", "year")
    inlines = [QuotaInline]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyScopedAdmin):
    list_display = ("id", "display_name", "campaign", "region_code", "status", "rank", "total")
    list_filter = ("status", "nominator_kind", "campaign")
    search_fields = ("display_name", "region_code")
    exclude = ("rider",)


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyScopedAdmin):
    list_display = ("display_name", "year", "title", "region_code", "distinction")
    list_filter = ("year",)
    search_fields = ("display_name", "region_code")
    exclude = ("rider",)


class SiteHistoryInline(admin.TabularInline):
    model = SiteStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("at", "from_status", "to_status", "actor", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DemoSite)
class DemoSiteAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "kind", "region_code", "status", "named_year", "last_review_year")
    list_filter = ("status", "kind", "named_year")
    search_fields = ("name", "region_code")
    inlines = [SiteHistoryInline]


@admin.register(Brand)
class BrandAdmin(RegionScopedAdmin):
    list_display = ("name", "slug", "region_code", "parent", "motto")
    search_fields = ("name", "slug")


@admin.register(Story)
class StoryAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "brand", "region_code", "status", "published_at")
    list_filter = ("status", "brand")


@admin.register(Asset)
class AssetAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "kind", "region_code", "content_type", "size")
    list_filter = ("kind",)


@admin.register(Placement)
class PlacementAdmin(ReadOnlyScopedAdmin):
    list_display = ("kind", "where", "region_code", "starts_on", "ends_on")
    list_filter = ("kind",)
