"""A rider's notices are said in the rider's language, from the step the case took."""

import pytest
from django.conf import settings

from redrider.appeals import services


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("zh-hans", "状态更新为“已受理”：已联系街道", "Your appeal"),
        ("en", "is now “Accepted”: 已联系街道", "状态更新为"),
    ],
)
def test_a_notice_is_in_the_riders_language_with_the_officers_note(
    client, rider, county_officer, language, expected, not_expected
):
    # given a rider's case accepted by the county with a note
    appeal = services.appeal_create(
        actor=rider, category="parking", description="门口没有临时停车位", lat=30.657, lng=104.081
    )
    services.appeal_transition(
        actor=county_officer, appeal=appeal, action="accept", note="已联系街道"
    )
    # when the rider opens the appeal tab in their language
    client.force_login(rider)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/appeals/rider/")
    # then the notice says the step in that language and keeps the officer's own words
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html and not_expected not in html
    assert f"#{appeal.pk}" in html
