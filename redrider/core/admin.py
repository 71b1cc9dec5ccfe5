"""Admin plumbing: every region-owned admin is scoped like the selectors; audit is read-only."""

from __future__ import annotations

from django.contrib import admin

from .models import AuditEvent


class RegionScopedAdmin(admin.ModelAdmin):
    """ModelAdmin whose queryset starts from `visible_to(user)`, like every selector."""

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def save_model(self, request, obj, form, change):
        from redrider.core.audit import audit_record
        from redrider.core.scoping import code_within, user_scope_code

        scope = user_scope_code(request.user)
        region = getattr(obj, "region_code", "")
        if scope is None or (region and not code_within(region, scope)):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("outside your region")
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action=f"admin.{'change' if change else 'add'}", obj=obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "region_code",
        "result",
        "ip",
    )
    list_filter = ("result",)
    search_fields = ("action", "actor_label", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
