"""Surveys (问卷调查): questionnaires, their questions, riders' responses and answers."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned, TimeStamped

from ..choices import QuestionKind, SurveyStatus


def new_token() -> str:
    return secrets.token_urlsafe(9)


class Survey(RegionOwned):
    """问卷: a questionnaire owned by a region; riders working in that region may answer once.

    `token` forms the public link (and QR) given to riders; it is not guessable.
    """

    title = models.CharField(_("标题"), max_length=128)
    intro = models.TextField(_("说明"), blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    token = models.CharField(max_length=24, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    opens_on = models.DateField(_("开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Question(TimeStamped):
    """One question of a survey. `options` lists the choices of single/multiple questions;
    rating questions run 1..`scale_max`; number questions accept `min_value`..`max_value`."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("题型"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=255)
    options = models.JSONField(_("选项"), default=list, blank=True)
    required = models.BooleanField(_("必答"), default=True)
    scale_max = models.PositiveSmallIntegerField(_("评分上限"), default=5)
    min_value = models.FloatField(_("最小值"), null=True, blank=True)
    max_value = models.FloatField(_("最大值"), null=True, blank=True)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="question_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class SurveyResponse(RegionOwned):
    """一份答卷: one rider's answers to one survey; `region_code` is the rider's working county
    at the time of answering, which the per-region statistics group by. One per rider."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    rider = models.ForeignKey(
        "riders.Rider", on_delete=models.CASCADE, related_name="survey_responses"
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "rider"], name="survey_one_response_per_rider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """One answer: `choices` (option indexes) for single/multiple, `number` for rating/number,
    `text` for text questions."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique_question")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
