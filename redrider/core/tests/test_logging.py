"""Structured JSON logs without personal data (issue 15 item 6)."""

from __future__ import annotations

import json
import logging

import pytest

from redrider.core.logging import JsonFormatter, scrub


def test_phones_ids_and_secrets_are_masked_wherever_they_appear():
    text = scrub(
        "rider 13812345678 (+86 13912345678) id 51010419900307123X "
        "Authorization: Bearer abc.def password=hunter2 otp=123456"
    )
    assert "13812345678" not in text and "138****5678" in text
    assert "13912345678" not in text
    assert "51010419900307123X" not in text and "510***********123X" in text
    assert "abc.def" not in text and "hunter2" not in text and "123456" not in text


def test_a_record_is_one_json_object_with_its_context():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "call %s", ("13812345678",), None)
    record.route = "/api/v1/appeals/<int:id>"
    record.status = 201
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["level"] == "WARNING" and entry["status"] == 201
    assert entry["message"] == "call 138****5678"
    assert "\n" not in line


@pytest.mark.django_db
def test_each_request_writes_one_access_line_by_route_without_query_or_names(
    client, api, rider, caplog
):
    caplog.set_level(logging.INFO, logger="redrider.access")
    api(rider).get("/api/v1/stations/nearby", lat=30.65, lng=104.08)
    lines = [r for r in caplog.records if r.name == "redrider.access"]
    assert len(lines) == 1
    record = lines[0]
    assert record.status == 200 and record.user_id == rider.pk and record.role == "rider"
    assert "30.65" not in record.getMessage() and "lat=" not in record.route
    assert rider.username not in JsonFormatter().format(record)
