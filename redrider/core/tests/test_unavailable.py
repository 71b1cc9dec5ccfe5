"""A database or cache outage answers 503 with a clear message, wherever it surfaces (the drills
in test_faults.py do it for real; these are the quick, in-process checks)."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, ProgrammingError
from django.test import Client

from redrider.core.unavailable import unavailable_kind


def wrapped(error: Exception, as_: type[Exception]) -> Exception:
    """A Django database error caused by a driver error, as Django raises it."""
    exc = as_(str(error))
    exc.__cause__ = error
    return exc


def test_outages_are_told_apart_from_mistakes():
    # PostgreSQL gone, restarting, or the connection dropped mid-statement: an outage
    assert unavailable_kind(wrapped(psycopg.OperationalError("refused"), OperationalError))
    assert unavailable_kind(wrapped(psycopg.OperationalError("closed"), DatabaseError))
    # a SQLite file locked by another process: an outage; a missing table: a mistake
    locked = wrapped(sqlite3.OperationalError("database is locked"), OperationalError)
    assert unavailable_kind(locked) == "database"
    missing = wrapped(sqlite3.OperationalError("no such table: x"), OperationalError)
    assert unavailable_kind(missing) is None
    # constraint and SQL errors are bugs or bad input, never a 503
    assert unavailable_kind(wrapped(psycopg.IntegrityError("dup"), IntegrityError)) is None
    assert unavailable_kind(ProgrammingError("syntax")) is None
    assert unavailable_kind(ValueError("x")) is None


def _failing_execute(error):
    def execute(self, *args, **kwargs):
        raise error

    return execute


@pytest.fixture
def database_down(monkeypatch):
    """Every query raises what a locked SQLite file raises."""
    from django.db.backends import utils

    error = wrapped(sqlite3.OperationalError("database is locked"), OperationalError)
    monkeypatch.setattr(utils.CursorWrapper, "execute", _failing_execute(error))
    monkeypatch.setattr(utils.CursorWrapper, "executemany", _failing_execute(error))


@pytest.mark.django_db
def test_the_api_answers_503_with_the_reason_when_the_database_is_down(rider, database_down):
    # given a database that refuses every query / when the API is asked
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/points/balance", HTTP_AUTHORIZATION="Bearer abc")
    # then 503 with the clear message and a Retry-After
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "database_unavailable"
    assert "数据库暂时不可用" in body["detail"] and "try again" in body["detail"]
    assert response["Retry-After"]
    health = client.get("/api/v1/health")
    assert health.status_code == 503


@pytest.mark.django_db
def test_a_page_whose_session_cannot_be_read_answers_503_not_500(client, rider, database_down):
    # given a signed-in browser (its session lives in the database)
    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32
    # when the database is down before any view runs (the session, the user)
    response = client.get("/rider/me/")
    # then the 503 page with the message, not Django's 500
    assert response.status_code == 503
    assert "数据库暂时不可用" in response.content.decode()


@pytest.mark.django_db
def test_health_names_the_service_that_is_down(client, monkeypatch):
    from redrider.core import health

    monkeypatch.setattr(health.cache, "get", lambda key: None)  # Redis not keeping values
    response = client.get("/api/v1/health")
    body = response.json()
    assert response.status_code == 503
    assert body["code"] == "service_unavailable" and "cache" in body["detail"]
    assert body["checks"]["cache"]["ok"] is False and body["checks"]["database"]["ok"] is True
