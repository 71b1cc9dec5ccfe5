"""Meetings and their decisions."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from redrider.core.schemas import Day
from redrider.regions import tree

from ..models import Meeting
from .tasks import PersonOut, TaskOut, TaskPartIn


class MeetingIn(Schema):
    region: str
    kind: str = Field(description="party_group, video_conference or area_promotion")
    title: str
    held_on: Day
    place: str = ""
    attendee_orgs: list[str] = []
    attendee_ids: list[int] = []
    summary: str = ""
    decisions: list[str] = []


class DecisionOut(Schema):
    id: int
    number: int
    text: str
    task_ids: list[int]

    @staticmethod
    def resolve_task_ids(obj) -> list[int]:
        return sorted(t.pk for t in obj.tasks.all())


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    held_on: dt.date
    level: str = Field(description="province, prefecture or county: the convening body's level")
    region_code: str
    region_name: str
    place: str
    attendee_orgs: list[str]
    attendees: list[PersonOut]
    summary: str
    minutes_url: str | None
    minutes_name: str
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_level(obj: Meeting) -> str:
        return tree.level_of(obj.region_code)

    @staticmethod
    def resolve_region_name(obj: Meeting) -> str:
        return tree.name_of(obj.region_code)

    @staticmethod
    def resolve_attendees(obj: Meeting) -> list:
        return list(obj.attendees.all())

    @staticmethod
    def resolve_minutes_url(obj: Meeting) -> str | None:
        return reverse("workplan:minutes_file", args=[obj.pk]) if obj.minutes else None

    @staticmethod
    def resolve_decisions(obj: Meeting) -> list:
        return list(obj.decisions.all())


class MeetingListOut(Schema):
    items: list[MeetingOut]
    count: int


class DecisionIn(Schema):
    text: str
    measure_id: int | None = Field(None, description="the measure the new tasks belong to")
    tasks: list[TaskPartIn] = []


class DecisionCreatedOut(Schema):
    decision: DecisionOut
    tasks: list[TaskOut]
