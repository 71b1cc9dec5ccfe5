"""Models of the rider census: riders, companies, imports, surveys, liaison."""

from .claims import RegistrationClaim
from .companies import Company, Platform
from .exports import ExportJob
from .imports import ImportJob
from .liaison import Problem, Visit
from .riders import Rider, SmsCode
from .surveys import Answer, Question, Survey, SurveyResponse

__all__ = [
    "Answer",
    "Company",
    "ExportJob",
    "ImportJob",
    "Platform",
    "Problem",
    "Question",
    "RegistrationClaim",
    "Rider",
    "SmsCode",
    "Survey",
    "SurveyResponse",
    "Visit",
]
