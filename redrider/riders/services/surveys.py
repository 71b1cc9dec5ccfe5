"""Surveys (问卷调查): build, open/close, answer once, and the analysis report (调研分析报告)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from redrider.regions import tree
from redrider.regions.types import known_region

from ..choices import QuestionKind, SurveyStatus
from ..models import Answer, Question, Rider, Survey, SurveyResponse

MAX_QUESTIONS = 60


def _clean_questions(questions: list[dict]) -> list[dict]:
    if not questions:
        raise InvalidInput(
            "no_questions", "问卷至少需要一道题", "a survey needs at least one question"
        )
    if len(questions) > MAX_QUESTIONS:
        raise InvalidInput(
            "too_many_questions", f"题目不能超过{MAX_QUESTIONS}道", "too many questions"
        )
    cleaned = []
    for i, q in enumerate(questions, start=1):
        kind = q.get("kind")
        text = str(q.get("text") or "").strip()
        if kind not in QuestionKind.values or not text or len(text) > 255:
            raise InvalidInput(
                "invalid_question", f"第{i}题的题型或题目无效", f"question {i} is invalid"
            )
        options = [str(o).strip() for o in (q.get("options") or []) if str(o).strip()]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and not 2 <= len(options) <= 20:
            raise InvalidInput(
                "invalid_options", f"第{i}题需要2–20个选项", f"question {i} needs 2–20 options"
            )
        scale = int(q.get("scale_max") or 5)
        if kind == QuestionKind.RATING and not 2 <= scale <= 10:
            raise InvalidInput(
                "invalid_scale", f"第{i}题评分上限应为2–10", f"question {i}: scale must be 2–10"
            )
        cleaned.append(
            {
                "position": i,
                "kind": kind,
                "text": text,
                "options": options if kind in ("single", "multiple") else [],
                "required": bool(q.get("required", True)),
                "scale_max": scale,
                "min_value": q.get("min_value"),
                "max_value": q.get("max_value"),
            }
        )
    return cleaned


@transaction.atomic
def survey_create(
    *,
    actor: User,
    title: str,
    questions: list[dict],
    intro: str = "",
    region_code: str | None = None,
    open_now: bool = False,
) -> Survey:
    """Create a survey owned by `region_code` (default: the actor's scope), with its questions.

    Pre: staff whose scope contains the region; a title; 1–60 valid questions (single/multiple
    with 2–20 options, rating with scale 2–10, number, text). 422 otherwise, nothing written.
    """
    scope = tree.user_region(actor)
    if scope is None or not can(actor, "riders.survey_create"):
        raise PermissionDenied("无权创建问卷", "you may not create surveys")
    region_code = known_region(region_code or scope, field="region_code")
    if not tree.within(region_code, scope):
        raise PermissionDenied("区域超出管辖范围", "region outside your scope")
    title = (title or "").strip()
    if not title or len(title) > 128:
        raise InvalidInput(
            "invalid_title", "标题不能为空且不超过128字", "a title of up to 128 characters"
        )
    cleaned = _clean_questions(questions)
    survey = Survey.objects.create(
        region_code=region_code,
        title=title,
        intro=intro[:2000],
        created_by=actor,
        status=SurveyStatus.OPEN if open_now else SurveyStatus.DRAFT,
    )
    Question.objects.bulk_create([Question(survey=survey, **q) for q in cleaned])
    audit_record(
        actor=actor, action="survey.create", obj=survey, detail={"questions": len(cleaned)}
    )
    return survey


@transaction.atomic
def survey_status_set(*, actor: User, survey: Survey, status: str) -> Survey:
    """Open or close a survey (draft → open → closed; closed may reopen)."""
    allowed: dict[str, set[str]] = {
        SurveyStatus.DRAFT: {SurveyStatus.OPEN},
        SurveyStatus.OPEN: {SurveyStatus.CLOSED},
        SurveyStatus.CLOSED: {SurveyStatus.OPEN},
    }
    if status not in allowed.get(survey.status, set()):
        raise Conflict(
            "invalid_transition", "问卷状态不能这样变更", "this status change is not allowed"
        )
    before = survey.status
    survey.status = status
    survey.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="survey.status", obj=survey, detail={"from": before, "to": status}
    )
    return survey


def _answer_for(q: Question, raw) -> Answer | None:
    empty = raw is None or raw == "" or raw == []
    if empty:
        if q.required:
            raise InvalidInput(
                "answer_required", f"第{q.position}题必答", f"question {q.position} is required"
            )
        return None
    bad = InvalidInput(
        "invalid_answer",
        f"第{q.position}题的答案无效",
        f"answer to question {q.position} is invalid",
    )
    if q.kind == QuestionKind.SINGLE:
        if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw < len(q.options):
            raise bad
        return Answer(question=q, choices=[raw])
    if q.kind == QuestionKind.MULTIPLE:
        if not isinstance(raw, list) or any(
            not isinstance(x, int) or isinstance(x, bool) or not 0 <= x < len(q.options)
            for x in raw
        ):
            raise bad
        return Answer(question=q, choices=sorted(set(raw)))
    if q.kind in (QuestionKind.RATING, QuestionKind.NUMBER):
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise bad from None
        if value != value or value in (float("inf"), float("-inf")):
            raise bad
        if q.kind == QuestionKind.RATING and (
            not value.is_integer() or not 1 <= value <= q.scale_max
        ):
            raise bad
        if q.kind == QuestionKind.NUMBER and (
            (q.min_value is not None and value < q.min_value)
            or (q.max_value is not None and value > q.max_value)
        ):
            raise bad
        return Answer(question=q, number=value)
    text = str(raw).strip()
    if len(text) > 2000:
        raise bad
    return Answer(question=q, text=text)


def survey_answer(*, user, survey: Survey, answers: dict) -> SurveyResponse:
    """A rider answers an open survey once. `answers` maps question id (str or int) → answer:
    an option index (single), a list of indexes (multiple), a number (rating/number), text.

    Pre: the user is a rider with a census record working inside the survey's region; the
    survey is open. A second response answers 409; an invalid answer 422; nothing written.
    """
    rider = (
        Rider.objects.filter(user=user).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if rider is None:
        raise PermissionDenied("请先完成骑手注册", "register as a rider first")
    if survey.status != SurveyStatus.OPEN:
        raise Conflict("survey_closed", "问卷未开放", "the survey is not open")
    if not tree.within(rider.region_code, survey.region_code):
        raise NotFound("问卷", "survey")
    given = {str(k): v for k, v in (answers or {}).items()}
    questions = list(survey.questions.all())
    known = {str(q.pk) for q in questions}
    if set(given) - known:
        raise InvalidInput(
            "unknown_question", "答案包含不属于本问卷的题目", "answers name unknown questions"
        )
    rows = [a for q in questions if (a := _answer_for(q, given.get(str(q.pk)))) is not None]
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, rider=rider, region_code=rider.region_code
            )
            for a in rows:
                a.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        raise Conflict(
            "already_answered", "您已提交过本问卷", "you have already answered this survey"
        ) from None
    return response


def survey_report_docx(*, actor: User, survey: Survey, region: str | None = None) -> bytes:
    """The analysis report (调研分析报告) as a Word document: overview, respondents by region,
    and for each question a table of counts and a bar chart. Audited."""
    from .report import build_report

    data = build_report(survey=survey, user=actor, region=region)
    audit_record(actor=actor, action="survey.report", obj=survey)
    return data
