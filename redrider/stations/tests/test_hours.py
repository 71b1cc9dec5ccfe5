"""Opening hours in words (riders never read OpenStreetMap syntax) and the host's form keeping
what the host typed when it cannot be read."""

import datetime as dt

import pytest
from django.utils import translation

from redrider.stations.hours import editor_initial, in_words
from redrider.stations.tests.factories import make_station

MONDAY = dt.date(2026, 3, 9)  # a week with no public holiday in it


@pytest.mark.parametrize(
    ("pattern", "zh", "en"),
    [
        ("24/7", "每天 24 小时开放", "Open 24 hours, every day"),
        ("Mo-Su 09:00-21:00", "每天 09:00–21:00", "Daily 09:00–21:00"),
        (
            "Mo-Fr 08:00-18:00; Sa,Su 10:00-16:00; PH off",
            "周一至周五 08:00–18:00；周六、周日 10:00–16:00；法定节假日休息",
            "Mon–Fri 08:00–18:00; Sat, Sun 10:00–16:00; closed on public holidays",
        ),
        (
            "Mo-Fr 08:00-12:00,14:00-18:00",
            "周一至周五 08:00–12:00、14:00–18:00；周六、周日休息",
            "Mon–Fri 08:00–12:00, 14:00–18:00; closed Sat, Sun",
        ),
        ("Mo-Su 22:00-02:00", "每天 22:00–次日 02:00", "Daily 22:00–02:00 next day"),
        (
            "not hours at all",
            "开放时间未知，以现场为准",
            "Opening hours unknown; ask at the station",
        ),
    ],
)
def test_opening_hours_are_said_in_words_in_chinese_and_english(pattern, zh, en):
    # given a stored pattern
    # when it is said to a Chinese and to an English reader
    with translation.override("zh-hans"):
        chinese = in_words(pattern, MONDAY)
    with translation.override("en"):
        english = in_words(pattern, MONDAY)
    # then each reads words, never the syntax
    assert (chinese, english) == (zh, en)


def test_the_week_editor_starts_from_the_stored_pattern():
    # given a pattern with a lunch break and holidays off
    # when the editor's starting point is read from it
    start = editor_initial("Mo-Fr 08:00-12:00,14:00-18:00; PH off")
    # then each weekday has its ranges, the weekend none, and holidays are off
    assert start["week"][0] == [("08:00", "12:00"), ("14:00", "18:00")]
    assert start["week"][5] == [] and start["week"][6] == []
    assert start["holiday"] == {"kind": "off"}
    assert len(start["day_names"]) == 7


@pytest.mark.django_db
def test_hours_a_host_cannot_write_in_the_syntax_stay_in_the_field_with_the_reason(
    client, station_host
):
    # given a host's station open round the clock
    own = make_station(lat=30.657, lng=104.081, region_code="510104", opening_hours="24/7")
    own.hosts.add(station_host)
    client.force_login(station_host)
    # when the host types hours the way people write them into the raw field and saves
    response = client.post(
        f"/stations/console/{own.pk}/",
        {"opening_hours": "每天 9:00-21:00", "status": "open", "services": ["water"]},
    )
    # then the page answers 422 with the text still in the field and the reason beside it
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="每天 9:00-21:00"' in html
    assert "开放时间格式无效" in html
    own.refresh_from_db()
    assert own.opening_hours == "24/7"


@pytest.mark.django_db
def test_the_rider_checkin_page_says_the_hours_in_words(client, rider):
    # given a station open on weekdays only
    station = make_station(
        lat=30.657, lng=104.081, region_code="510104", opening_hours="Mo-Fr 09:00-18:00"
    )
    client.force_login(rider)
    # when the rider opens its QR page
    html = client.get(f"/stations/c/{station.code}/").content.decode()
    # then the hours read as words
    assert "周一至周五 09:00–18:00" in html and "Mo-Fr" not in html
