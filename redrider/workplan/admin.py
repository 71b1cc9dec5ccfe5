"""Back-office views of the work plan, scoped like every selector (RegionScopedAdmin).

Progress, statuses and history are read-only here: they change only through the services
(which keep roll-ups, the history and the audit trail true).
"""

from django.contrib import admin

from redrider.core.admin import RegionScopedAdmin

from .models import (
    Evidence,
    Institution,
    InstitutionCategory,
    Measure,
    Meeting,
    MeetingDecision,
    Milestone,
    Plan,
    Task,
    TaskReport,
)


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ("number", "title", "owner_org")


@admin.register(Plan)
class PlanAdmin(RegionScopedAdmin):
    list_display = ("title", "region_code", "starts_on", "ends_on", "issued_by")
    inlines = [MeasureInline]


@admin.register(Measure)
class MeasureAdmin(RegionScopedAdmin):
    list_display = ("number", "title", "plan", "owner_org", "region_code")
    list_filter = ("plan",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class ReportInline(admin.TabularInline):
    model = TaskReport
    extra = 0
    can_delete = False
    readonly_fields = (
        "at",
        "reported_by",
        "source",
        "progress_before",
        "progress",
        "status_before",
        "status",
        "note",
    )

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "text", "file_name", "activity", "station", "visit", "added_by")
    exclude = ("file", "report")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(RegionScopedAdmin):
    list_display = (
        "title",
        "measure",
        "region_code",
        "owner_org",
        "due_date",
        "progress",
        "status",
    )
    list_filter = ("status", "progress_source", "measure__plan")
    search_fields = ("title", "owner_org", "region_code")
    readonly_fields = (
        "progress",
        "status",
        "progress_source",
        "indicator_value",
        "done_on",
        "reported_at",
        "parent",
        "decision",
        "created_by",
    )
    raw_id_fields = ("owner", "measure")
    inlines = [MilestoneInline, EvidenceInline, ReportInline]


class DecisionInline(admin.TabularInline):
    model = MeetingDecision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(RegionScopedAdmin):
    list_display = ("held_on", "kind", "title", "region_code")
    list_filter = ("kind",)
    filter_horizontal = ("attendees",)
    inlines = [DecisionInline]


@admin.register(InstitutionCategory)
class InstitutionCategoryAdmin(RegionScopedAdmin):
    list_display = ("number", "title", "region_code")


@admin.register(Institution)
class InstitutionAdmin(RegionScopedAdmin):
    """Status moves only through `institution_transition` (which checks the document)."""

    list_display = ("title", "category", "status", "issuing_body", "issued_on", "region_code")
    list_filter = ("status",)
    readonly_fields = ("status", "issued_on", "issuing_body", "document", "drafted_on")
