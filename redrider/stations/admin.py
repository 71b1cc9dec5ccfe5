from django.contrib import admin

from .models import Checkin, Correction, Station, StationReview


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    """Back-office view; edits belong in the console (services keep the index token current)."""

    list_display = ("code", "name", "type", "region_code", "status", "star_rating", "last_verified")
    list_filter = ("status", "type", "is_synthetic")
    search_fields = ("code", "name", "address")
    readonly_fields = [f.name for f in Station._meta.concrete_fields]

    def has_add_permission(self, request):
        return False


admin.site.register(Checkin, list_display=("station", "rider", "at", "day"))
admin.site.register(Correction, list_display=("station", "kind", "status", "created_at"))
admin.site.register(StationReview, list_display=("station", "year", "stars", "previous_stars"))
