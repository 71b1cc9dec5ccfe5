"""Excel import (all rows or none, each bad row with its reason), export, and photo uploads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image

from redrider.core.errors import InvalidInput
from redrider.stations.importing import stations_export_xlsx, stations_import_xlsx
from redrider.stations.models import Station, StationPhoto
from redrider.stations.tests.factories import make_station

HEADER = ["名称", "类型", "纬度", "经度", "坐标系", "服务项目", "开放时间", "联系电话"]


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [
    "春熙路驿站",
    "爱心商铺",
    30.657,
    104.081,
    "wgs84",
    "饮用水、手机充电",
    "24/7",
    "13912345678",
]


@pytest.mark.django_db
def test_an_import_with_good_rows_creates_every_station(county_officer):
    # given
    content = workbook(
        [
            GOOD,
            ["东大街驿站", "party_service", 30.651, 104.085, "", "water", "Mo-Su 14:00-17:00", ""],
        ]
    )
    # when
    created = stations_import_xlsx(actor=county_officer, content=content)
    # then
    assert len(created) == 2
    first = Station.objects.get(name="春熙路驿站")
    assert (first.type, first.services, first.region_code) == (
        "caring_shop",
        ["water", "phone_charging"],
        "510104",
    )


@pytest.mark.django_db
def test_an_import_with_bad_rows_imports_nothing_and_lists_each_bad_row(county_officer):
    # given rows 3 and 4 are bad (hours, service) and row 5 lies in another county
    content = workbook(
        [
            GOOD,
            ["坏时间", "other", 30.657, 104.081, "wgs84", "water", "whenever", ""],
            ["坏服务", "other", 30.657, 104.081, "wgs84", "sauna", "24/7", ""],
            ["武侯的", "other", 30.642, 104.043, "wgs84", "water", "24/7", ""],
        ]
    )
    # when
    with pytest.raises(InvalidInput) as caught:
        stations_import_xlsx(actor=county_officer, content=content)
    # then
    rows = caught.value.extra["rows"]
    assert [r["row"] for r in rows] == [3, 4, 5]
    assert "开放时间" in rows[0]["reason"] and "sauna" in rows[1]["reason"]
    assert not Station.objects.exists()


@pytest.mark.django_db
def test_the_import_page_shows_the_bad_rows(client, county_officer):
    # given
    client.force_login(county_officer)
    content = workbook([GOOD, ["坏坐标", "other", "north", 104.081, "wgs84", "", "24/7", ""]])
    # when
    response = client.post("/stations/console/import/", {"file": io.BytesIO(content)})
    # then
    assert response.status_code == 422
    assert "坏坐标" not in Station.objects.values_list("name", flat=True)
    assert 'data-testid="import-errors"' in response.content.decode()


@pytest.mark.django_db
def test_an_exported_file_imports_again_after_removing_codes(county_officer):
    # given
    make_station(
        lat=30.657,
        lng=104.081,
        name="出口驿站",
        services=["water", "toilet"],
        opening_hours="Mo-Su 14:00-17:00",
        contact_phone="13912345678",
    )
    data = stations_export_xlsx(stations=Station.objects.all())
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    # then the phone is masked and the services are labels
    assert row[header.index("联系电话")] == "139****5678"
    assert row[header.index("服务项目")] == "饮用水、卫生间"
    # when the file comes back without its codes (a new ledger copy)
    sheet.cell(row=2, column=header.index("驿站编码") + 1).value = None
    out = io.BytesIO()
    sheet.parent.save(out)
    created = stations_import_xlsx(actor=county_officer, content=out.getvalue())
    # then
    assert (
        created[0].services == ["water", "toilet"]
        and created[0].opening_hours == "Mo-Su 14:00-17:00"
    )


@pytest.mark.django_db
def test_a_non_excel_upload_is_refused(county_officer):
    with pytest.raises(InvalidInput) as caught:
        stations_import_xlsx(actor=county_officer, content=b"not a workbook")
    assert caught.value.code == "invalid_file"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (30.0, 39.0, 25.0)}  # GPSInfo with a latitude
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.django_db
def test_an_uploaded_photo_is_reencoded_without_exif(api, county_officer, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    station = make_station(lat=30.657, lng=104.081)
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()
    # when
    response = api(county_officer).client.post(
        f"/api/v1/stations/{station.pk}/photos",
        {"file": io.BytesIO(original)},
        **api(county_officer).headers,
    )
    # then
    assert response.status_code == 201, response.content
    photo = StationPhoto.objects.get()
    stored = Image.open(photo.image.path)
    assert not stored.getexif() and stored.size == (64, 48)


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"GIF89a-not-really", b"%PDF-1.4 hello"])
def test_a_non_image_upload_is_refused_and_nothing_written(
    api, county_officer, settings, tmp_path, content
):
    # given
    settings.MEDIA_ROOT = tmp_path
    station = make_station(lat=30.657, lng=104.081)
    client = api(county_officer)
    # when
    response = client.client.post(
        f"/api/v1/stations/{station.pk}/photos", {"file": io.BytesIO(content)}, **client.headers
    )
    # then
    assert response.status_code == 422 and response.json()["code"] == "not_an_image"
    assert not StationPhoto.objects.exists()


@pytest.mark.django_db
def test_an_oversized_upload_is_refused(api, county_officer, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_PHOTO_BYTES = 1000
    station = make_station(lat=30.657, lng=104.081)
    client = api(county_officer)
    # when
    response = client.client.post(
        f"/api/v1/stations/{station.pk}/photos",
        {"file": io.BytesIO(b"\xff\xd8" + b"0" * 5000)},
        **client.headers,
    )
    # then
    assert response.status_code == 422 and response.json()["code"] == "photo_too_large"
    assert not StationPhoto.objects.exists()


@pytest.mark.django_db
def test_a_photo_is_served_by_a_view_that_checks_the_user_never_from_media(
    api, client, county_officer, other_county_officer, rider, settings, tmp_path
):
    # given a photo of a station that has since been retired (so it is no longer public)
    settings.MEDIA_ROOT = tmp_path
    station = make_station(lat=30.657, lng=104.081)
    uploaded = api(county_officer).client.post(
        f"/api/v1/stations/{station.pk}/photos",
        {"file": io.BytesIO(jpeg_with_gps())},
        **api(county_officer).headers,
    )
    url = uploaded.json()["url"]
    Station.objects.filter(pk=station.pk).update(status="retired")
    photo = StationPhoto.objects.get()
    # when the uploader, a stranger, another county's officer and a rider ask for it
    client.force_login(county_officer)
    own = client.get(url)
    client.logout()
    anonymous = client.get(url)
    client.force_login(other_county_officer)
    other = client.get(url)
    client.force_login(rider)
    retired_for_rider = client.get(url)
    # then the link is the checking view, not the storage path, and only staff of the region get it
    assert not url.startswith(settings.MEDIA_URL) and photo.image.name not in url
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    assert b"".join(own.streaming_content)[:2] == b"\xff\xd8"
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert other.status_code == 404 and retired_for_rider.status_code == 404
    # and the stored file is readable by its owner only
    assert Path(photo.image.path).stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db
def test_a_public_stations_photo_is_shown_to_signed_in_riders(
    api, client, county_officer, rider, settings, tmp_path
):
    # given a photo of an open station
    settings.MEDIA_ROOT = tmp_path
    station = make_station(lat=30.657, lng=104.081)
    url = (
        api(county_officer)
        .client.post(
            f"/api/v1/stations/{station.pk}/photos",
            {"file": io.BytesIO(jpeg_with_gps())},
            **api(county_officer).headers,
        )
        .json()["url"]
    )
    # when a rider opens it
    client.force_login(rider)
    response = client.get(url)
    # then
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
