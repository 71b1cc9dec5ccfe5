"""Back office for the census. Riders' name, ID number and phone never appear here in clear:
the admin shows the masked values and cannot edit them (changes go through the services)."""

from django.contrib import admin

from redrider.core.admin import ReferenceDataAdmin, RegionScopedAdmin

from .models import Company, ImportJob, Platform, Problem, Rider, Survey, Visit


@admin.register(Platform)
class PlatformAdmin(ReferenceDataAdmin):
    list_display = ("name", "code")


@admin.register(Rider)
class RiderAdmin(RegionScopedAdmin):
    list_display = (
        "masked_name",
        "masked_id_number",
        "masked_phone",
        "region_code",
        "kind",
        "status",
    )
    list_filter = ("status", "kind", "source")
    exclude = (
        "name",
        "id_number",
        "phone",
        "political_status",
        "mobile_party_member",
        "community_organisation",
    )
    # The account link is made only by registration (or a confirmed claim), never by hand.
    readonly_fields = (
        "user",
        "masked_name",
        "masked_id_number",
        "masked_phone",
        "gender",
        "birth_year",
        "consent_version",
        "consent_at",
        "consent_channel",
        "source",
    )
    raw_id_fields = ("company", "site")

    def has_add_permission(self, request):
        return False  # riders come from imports and self-registration


@admin.register(Company)
class CompanyAdmin(RegionScopedAdmin):
    list_display = ("name", "kind", "region_code", "liaison")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("parent", "liaison", "party_organisation")


@admin.register(Visit)
class VisitAdmin(RegionScopedAdmin):
    list_display = ("company", "on", "visitor_name", "topics", "region_code")
    raw_id_fields = ("company", "visitor", "recorded_by")


@admin.register(Problem)
class ProblemAdmin(RegionScopedAdmin):
    list_display = ("company", "category", "status", "solved_on", "region_code")
    list_filter = ("status", "category")
    raw_id_fields = ("visit", "company")


@admin.register(Survey)
class SurveyAdmin(RegionScopedAdmin):
    list_display = ("title", "status", "region_code")


@admin.register(ImportJob)
class ImportJobAdmin(RegionScopedAdmin):
    list_display = ("filename", "status", "total", "error_count", "created_at", "region_code")
    readonly_fields = ("errors", "summary")
    exclude = ("file",)
