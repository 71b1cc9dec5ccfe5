from django.contrib import admin

from redrider.core.admin import ReadOnlyAdminMixin, ReferenceDataAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(ReadOnlyAdminMixin, ReferenceDataAdmin):
    """The tree is reference data from the shipped file: read-only here."""

    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
