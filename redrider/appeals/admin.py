"""Back-office views of appeals and tip-offs, read-mostly (state changes go through services)."""

from django.contrib import admin

from .models import Appeal, AppealEvent, Tipoff, TipoffReward


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "action", "from_status", "to_status", "actor_label", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("id", "category", "status", "region_code", "handling_code", "submitted_at")
    list_filter = ("status", "category", "escalation_level")
    search_fields = ("id", "region_code", "description")
    readonly_fields = [f.name for f in Appeal._meta.fields]
    inlines = [AppealEventInline]

    def has_add_permission(self, request):
        return False


@admin.register(Tipoff)
class TipoffAdmin(admin.ModelAdmin):
    list_display = ("id", "category", "merchant_name", "status", "outcome", "region_code")
    list_filter = ("status", "category", "outcome")
    # The informant stays out of the admin: it is shown only through the audited reveal.
    exclude = ("informant",)
    readonly_fields = [f.name for f in Tipoff._meta.fields if f.name != "informant"]

    def has_add_permission(self, request):
        return False


@admin.register(TipoffReward)
class TipoffRewardAdmin(admin.ModelAdmin):
    list_display = ("tipoff", "points", "status", "created_at", "awarded_at")
    list_filter = ("status",)
    # The rider is the tip-off's informant: it stays out of the admin like the tip-off's own.
    exclude = ("rider",)
    readonly_fields = ("tipoff", "points", "status", "idempotency_key", "awarded_at")
