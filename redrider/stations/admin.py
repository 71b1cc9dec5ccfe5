"""Back-office views of the station registry, scoped to the user's region and read-only: edits
belong in the console, whose services keep the nearby index and the audit trail current.
Check-ins are riders' location records: they are not shown in the admin at all."""

from django.contrib import admin

from redrider.core.admin import ReadOnlyAdminMixin, RegionScopedAdmin

from .models import Correction, Station, StationReview


@admin.register(Station)
class StationAdmin(ReadOnlyAdminMixin, RegionScopedAdmin):
    list_display = ("code", "name", "type", "region_code", "status", "star_rating", "last_verified")
    list_filter = ("status", "type", "is_synthetic")
    search_fields = ("code", "name", "address")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdminMixin, RegionScopedAdmin):
    list_display = ("station", "kind", "status", "created_at")
    list_filter = ("status", "kind")


@admin.register(StationReview)
class StationReviewAdmin(ReadOnlyAdminMixin, RegionScopedAdmin):
    region_field = "station__region_code"
    list_display = ("station", "year", "stars", "previous_stars")
