"""Back-office views of appeals and tip-offs, scoped to the user's region and read-only (state
changes go through services). Tip-off rewards are not shown: a reward names its informant."""

from django.contrib import admin

from redrider.core.admin import ReadOnlyAdminMixin, RegionScopedAdmin

from .models import Appeal, AppealEvent, Tipoff


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "action", "from_status", "to_status", "actor_label", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdminMixin, RegionScopedAdmin):
    list_display = ("id", "category", "status", "region_code", "handling_code", "submitted_at")
    list_filter = ("status", "category", "escalation_level")
    search_fields = ("id", "region_code", "description")
    readonly_fields = [f.name for f in Appeal._meta.fields]
    inlines = [AppealEventInline]


@admin.register(Tipoff)
class TipoffAdmin(ReadOnlyAdminMixin, RegionScopedAdmin):
    list_display = ("id", "category", "merchant_name", "status", "outcome", "region_code")
    list_filter = ("status", "category", "outcome")
    # The informant stays out of the admin: it is shown only through the audited reveal.
    exclude = ("informant",)
    readonly_fields = [f.name for f in Tipoff._meta.fields if f.name != "informant"]
