from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from redrider.regions import tree

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "role", "scope_code", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "display_name")
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "红骑手",
            {
                "fields": (
                    "role",
                    "scope_code",
                    "display_name",
                    "can_view_pii",
                    "can_view_political_status",
                )
            },
        ),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = tree.user_region(request.user)
        if scope is None:
            return qs.none()
        prefix = tree.prefix(scope)
        return qs.filter(scope_code__startswith=prefix) if prefix else qs
