"""Surveys: the builder, one response per rider, statistics by region, the Word report."""

from __future__ import annotations

import io

import pytest
from docx import Document

from redrider.riders.models import SurveyResponse
from redrider.riders.tests.factories import make_rider

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"kind": "single", "text": "主要平台", "options": ["美团", "饿了么", "其他"]},
    {"kind": "multiple", "text": "困难", "options": ["进小区难", "上楼难", "停车难"]},
    {"kind": "rating", "text": "驿站满意度", "scale_max": 5},
    {"kind": "number", "text": "每天工作小时", "min_value": 0, "max_value": 24},
    {"kind": "text", "text": "建议", "required": False},
]


@pytest.fixture
def survey(api, prefecture_officer):
    response = api(prefecture_officer).post(
        "/api/v1/riders/surveys",
        {"title": "骑手状况调查", "open_now": True, "questions": QUESTIONS},
    )
    assert response.status_code == 201, response.content
    return response.json()


def rider_user(phone: str, region: str):
    from redrider.accounts.services import rider_account_create

    user = rider_account_create(actor=None, phone=phone, password="pw-test-1234")
    make_rider(region, user=user)
    return user


def answer(api, user, survey, single, multiple, rating, number, text=""):
    q = {item["position"]: item["id"] for item in survey["questions"]}
    return api(user).post(
        f"/api/v1/riders/surveys/by-token/{survey['token']}/responses",
        {
            "answers": {
                str(q[1]): single,
                str(q[2]): multiple,
                str(q[3]): rating,
                str(q[4]): number,
                str(q[5]): text,
            }
        },
    )


def test_riders_answer_once_and_statistics_count_per_question_and_region(
    api, survey, prefecture_officer
):
    # given three riders in two counties
    a, b, c = (
        rider_user("13911110001", "510104"),
        rider_user("13911110002", "510104"),
        rider_user("13911110003", "510107"),
    )
    # when they answer
    assert answer(api, a, survey, 0, [0, 1], 5, 10, "多建驿站").status_code == 201
    assert answer(api, b, survey, 0, [1], 4, 8).status_code == 201
    assert answer(api, c, survey, 1, [2], 3, 12).status_code == 201
    # and one tries again
    again = answer(api, a, survey, 2, [2], 1, 1)
    # then the second answer is refused
    assert again.status_code == 409
    # and the statistics count per question and region
    stats = api(prefecture_officer).get(f"/api/v1/riders/surveys/{survey['id']}/stats").json()
    assert stats["responses"] == 3 and stats["by_region"] == {"510104": 2, "510107": 1}
    q1, q2, q3, q4, q5 = stats["questions"]
    assert q1["counts"] == [2, 1, 0] and q1["counts_by_region"] == {
        "510104": [2, 0, 0],
        "510107": [0, 1, 0],
    }
    assert q2["counts"] == [1, 2, 1]
    assert q3["counts"] == [0, 0, 1, 1, 1] and q3["mean"] == 4.0
    assert q4["mean"] == 10.0 and q4["max"] == 12.0
    assert q5["texts"] == ["多建驿站"]


def test_the_report_opens_as_docx_with_the_right_per_question_counts(
    client, api, survey, prefecture_officer
):
    # given
    for i, (single, multiple) in enumerate([(0, [0]), (0, [0, 2]), (1, [2]), (0, [1])]):
        answer(api, rider_user(f"1391111{i:04d}", "510104"), survey, single, multiple, 4, 9)
    client.force_login(prefecture_officer)
    # when
    response = client.get(f"/riders/surveys/{survey['id']}/report.docx")
    # then it is a Word document
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "调研分析报告" in text and "有效答卷：4 份" in text
    # with one table per choice question holding the counts, and a chart image each
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    q1 = next(t for t in tables if t[0] == ["序号", "选项", "人数", "占比"] and t[1][1] == "美团")
    assert [(r[1], r[2]) for r in q1[1:]] == [("美团", "3"), ("饿了么", "1"), ("其他", "0")]
    q2 = next(t for t in tables if len(t) > 1 and t[1][1] == "进小区难")
    assert [r[2] for r in q2[1:]] == ["2", "1", "2"]
    q3 = next(t for t in tables if len(t) > 1 and t[1][1] == "1分")
    assert [r[2] for r in q3[1:]] == ["0", "0", "0", "4", "0"]
    assert len(doc.inline_shapes) == 3


@pytest.mark.parametrize(
    "questions",
    [
        [],
        [{"kind": "single", "text": "只有一个选项", "options": ["甲"]}],
        [{"kind": "essay", "text": "未知题型"}],
        [{"kind": "rating", "text": "评分", "scale_max": 50}],
    ],
)
def test_invalid_surveys_are_refused_and_nothing_is_written(api, prefecture_officer, questions):
    # when
    response = api(prefecture_officer).post(
        "/api/v1/riders/surveys", {"title": "x", "questions": questions}
    )
    # then
    assert response.status_code == 422
    assert api(prefecture_officer).get("/api/v1/riders/surveys").json()["count"] == 0


def test_invalid_answers_are_refused_and_nothing_is_written(api, survey):
    # given
    user = rider_user("13911112222", "510104")
    # when an option index out of range is sent
    response = answer(api, user, survey, 7, [0], 5, 8)
    # then
    assert response.status_code == 422
    assert SurveyResponse.objects.count() == 0


def test_a_rider_outside_the_surveys_region_cannot_open_it(api, survey):
    # given a rider working in Mianyang, outside Chengdu's survey
    user = rider_user("13911113333", "510703")
    # then
    assert api(user).get(f"/api/v1/riders/surveys/by-token/{survey['token']}").status_code == 404


def test_riders_answer_on_the_h5_page(client, survey):
    # given
    user = rider_user("13911114444", "510104")
    client.force_login(user)
    q = {item["position"]: item["id"] for item in survey["questions"]}
    url = f"/riders/h5/s/{survey['token']}/"
    # when
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {f"q{q[1]}": "1", f"q{q[2]}": ["0", "2"], f"q{q[3]}": "4", f"q{q[4]}": "9"},
        follow=True,
    )
    # then
    assert "您已提交本问卷" in response.content.decode()
    response = SurveyResponse.objects.get()
    assert {a.question.position: (a.choices, a.number) for a in response.answers.all()} == {
        1: ([1], None),
        2: ([0, 2], None),
        3: ([], 4.0),
        4: ([], 9.0),
    }


def test_the_survey_page_shows_a_link_and_qr(client, survey, prefecture_officer):
    # given
    client.force_login(prefecture_officer)
    # when
    body = client.get(f"/riders/surveys/{survey['id']}/").content.decode()
    qr = client.get(f"/riders/surveys/{survey['id']}/qr.png")
    # then
    assert f"/riders/h5/s/{survey['token']}/" in body and "<svg" in body
    assert qr.content[:8] == b"\x89PNG\r\n\x1a\n"
