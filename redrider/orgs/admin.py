from django.contrib import admin

from redrider.core.admin import RegionScopedAdmin

from .models import Committee, GuidanceStation, Instructor, LeadingGroup, Office, PartyOrganisation


@admin.register(Committee)
class CommitteeAdmin(RegionScopedAdmin):
    list_display = ("name", "kind", "level", "region_code")
    list_filter = ("kind", "level")
    search_fields = ("name",)


@admin.register(LeadingGroup)
class LeadingGroupAdmin(RegionScopedAdmin):
    list_display = ("name", "level", "region_code")


@admin.register(Office)
class OfficeAdmin(RegionScopedAdmin):
    list_display = ("name", "region_code")
    search_fields = ("name",)


@admin.register(GuidanceStation)
class GuidanceStationAdmin(RegionScopedAdmin):
    list_display = ("name", "region_code", "signage_on", "rules_on", "staffing_on", "ledger_on")
    search_fields = ("name",)
    raw_id_fields = ("office",)


@admin.register(Instructor)
class InstructorAdmin(RegionScopedAdmin):
    list_display = ("name", "kind", "region_code")
    raw_id_fields = ("station", "user")


@admin.register(PartyOrganisation)
class PartyOrganisationAdmin(RegionScopedAdmin):
    list_display = ("name", "company_kind", "members", "region_code")
