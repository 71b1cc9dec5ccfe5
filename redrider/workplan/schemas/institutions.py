"""Institutions (制度) and their categories."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from redrider.core.schemas import Day

from ..choices import InstitutionStatus
from ..models import Institution
from ..workflow import next_statuses


class CategoryIn(Schema):
    region: str
    title: str
    number: int | None = None


class CategoryOut(Schema):
    id: int
    number: int
    title: str
    region_code: str
    institutions_total: int
    institutions_issued: int

    @staticmethod
    def resolve_institutions_total(obj) -> int:
        return len(obj.institutions.all())

    @staticmethod
    def resolve_institutions_issued(obj) -> int:
        return sum(1 for i in obj.institutions.all() if i.status == InstitutionStatus.ISSUED)


class CategoryListOut(Schema):
    items: list[CategoryOut]
    count: int


class InstitutionIn(Schema):
    category_id: int
    title: str
    due_date: Day | None = None


class InstitutionOut(Schema):
    id: int
    number: int
    title: str
    category_id: int
    category: str
    region_code: str
    status: str = Field(description="planned, drafted or issued")
    due_date: dt.date | None
    drafted_on: dt.date | None
    issuing_body: str
    issued_on: dt.date | None
    document_number: str
    document_name: str
    document_url: str | None
    next_statuses: list[str]

    @staticmethod
    def resolve_category(obj: Institution) -> str:
        return obj.category.title

    @staticmethod
    def resolve_document_url(obj: Institution) -> str | None:
        return reverse("workplan:institution_file", args=[obj.pk]) if obj.document else None

    @staticmethod
    def resolve_next_statuses(obj: Institution) -> list[str]:
        return next_statuses(obj.status)


class InstitutionListOut(Schema):
    items: list[InstitutionOut]
    count: int
