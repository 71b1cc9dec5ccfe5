"""Models of the rider census: riders, companies, imports, surveys, liaison."""

from .companies import Company, Platform
from .imports import ImportJob
from .liaison import Problem, Visit
from .riders import Rider, SmsCode
from .surveys import Answer, Question, Survey, SurveyResponse

__all__ = [
    "Answer",
    "Company",
    "ImportJob",
    "Platform",
    "Problem",
    "Question",
    "Rider",
    "SmsCode",
    "Survey",
    "SurveyResponse",
    "Visit",
]
