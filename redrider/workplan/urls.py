from django.urls import path

from . import views

app_name = "workplan"

urlpatterns = [
    path("", views.console_board, name="console_board"),
    path("export.xlsx", views.ledger_export, name="export"),
    path("tasks/", views.console_tasks, name="tasks"),
    path("tasks/<int:task_id>/", views.console_task, name="task"),
    path("tasks/<int:task_id>/report", views.task_report, name="task_report"),
    path("tasks/<int:task_id>/evidence", views.task_evidence, name="task_evidence"),
    path("tasks/<int:task_id>/split", views.task_split, name="task_split"),
    path(
        "tasks/<int:task_id>/milestones/<int:milestone_id>",
        views.milestone_toggle,
        name="milestone_toggle",
    ),
    path("meetings/", views.console_meetings, name="meetings"),
    path("meetings/<int:meeting_id>/", views.console_meeting, name="meeting"),
    path("meetings/<int:meeting_id>/decisions", views.meeting_decision, name="meeting_decision"),
    path("meetings/<int:meeting_id>/minutes", views.meeting_minutes, name="meeting_minutes"),
    path("institutions/", views.console_institutions, name="institutions"),
    path(
        "institutions/<int:institution_id>/transition",
        views.institution_transition,
        name="institution_transition",
    ),
    path("files/evidence/<int:evidence_id>", views.evidence_file, name="evidence_file"),
    path("files/minutes/<int:meeting_id>", views.minutes_file, name="minutes_file"),
    path(
        "files/institutions/<int:institution_id>", views.institution_file, name="institution_file"
    ),
]
