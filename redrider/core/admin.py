"""Admin plumbing: every registered admin is scoped like the selectors, or read-only reference
data, or for superusers only; every change made through the admin writes an audit row.

* :class:`RegionScopedAdmin` — rows whose `region_field` (a county code, or a path to one such
  as ``"station__region_code"``) lies in the user's scope; another region's row answers 404,
  even when its id is typed into the address bar; foreign-key choices are scoped too.
* :class:`ReferenceDataAdmin` — national reference data (the region tree, platforms): readable,
  changed only by superusers.
* :class:`SuperuserOnlyAdmin` — what belongs to no region (third-party admins: groups, sign-in
  lockouts, task results): superusers only. Third-party admins are wrapped in it below.

`accounts/tests/test_admin.py` opens every registered admin as a province admin, so a new admin
that is none of these fails the suite.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .audit import audit_record
from .models import AuditEvent
from .scoping import code_within, scope_prefix, user_scope_code


class AuditedAdminMixin:
    """Every add, change and deletion made in the admin writes an audit row (DESIGN §4.6)."""

    def _audit(self, request, action: str, obj, message="") -> None:
        audit_record(
            actor=request.user,
            action=f"admin.{action}",
            obj=obj,
            detail={"model": obj._meta.label, "change": str(message)[:500]},
        )

    def log_addition(self, request, obj, message):
        self._audit(request, "add", obj, message)
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request, obj, message):
        self._audit(request, "change", obj, message)
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, "delete", obj)
        return super().log_deletions(request, queryset)  # type: ignore[misc]


def scoped(queryset, user, field: str):
    """`queryset` narrowed to rows whose `field` lies in the user's region (none without one)."""
    scope = user_scope_code(user)
    if scope is None:
        return queryset.none()
    prefix = scope_prefix(scope)
    return queryset.filter(**{f"{field}__startswith": prefix}) if prefix else queryset


def scoped_choices(queryset, user):
    """The rows of a related model a user may link to: region-owned rows of their region,
    accounts of their region; anything else unchanged (reference data)."""
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    if queryset.model._meta.label == settings.AUTH_USER_MODEL:
        return scoped(queryset, user, "scope_code")
    return queryset


class ScopedObjectMixin:
    """The admin's views find objects only through the scoped queryset; a miss is a 404."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is None:
            raise Http404("not found")
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        base = kwargs.get("queryset")
        if base is None:
            base = db_field.related_model._default_manager.all()
        kwargs["queryset"] = scoped_choices(base, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        base = kwargs.get("queryset")
        if base is None:
            base = db_field.related_model._default_manager.all()
        kwargs["queryset"] = scoped_choices(base, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class RegionScopedAdmin(AuditedAdminMixin, ScopedObjectMixin, admin.ModelAdmin):
    """ModelAdmin whose rows are those of the user's region, like every selector."""

    region_field = "region_code"

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user, self.region_field)

    def save_model(self, request, obj, form, change):
        scope = user_scope_code(request.user)
        region = getattr(obj, "region_code", "") if self.region_field == "region_code" else ""
        if scope is None or (region and not code_within(region, scope)):
            raise PermissionDenied("outside your region")
        super().save_model(request, obj, form, change)


class ReadOnlyAdminMixin:
    """Nothing is added, changed or deleted here (state changes go through services)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceDataAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """National reference data: everyone with the view permission reads it, superusers edit."""

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class SuperuserOnlyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Rows that belong to no region: only a superuser (the whole country) sees them."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


def _superuser_only(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    return type(admin_class.__name__, (SuperuserOnlyAdmin, admin_class), {})


# Admins of the libraries (groups and their permissions, sign-in lockouts with names and IPs,
# background task arguments) belong to no region: superusers only. Their apps come before ours
# in INSTALLED_APPS, so they are registered by now.
for _model, _model_admin in list(admin.site._registry.items()):
    if not _model.__module__.startswith("redrider."):
        admin.site.unregister(_model)
        admin.site.register(_model, _superuser_only(type(_model_admin)))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, RegionScopedAdmin):
    """The audit log of the user's region; rows of no region (sign-ins of staff without one,
    system jobs) only for superusers. Read-only: rows are only ever inserted."""

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
