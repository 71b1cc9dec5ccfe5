"""Photos: EXIF/GPS stripped on the way in, type and size checked, nothing stored on refusal."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from redrider.appeals.models import AppealPhoto
from redrider.appeals.tests.conftest import jpeg_bytes, upload
from redrider.appeals.tests.factories import make_appeal

pytestmark = pytest.mark.django_db


def test_a_photo_with_gps_exif_is_stored_without_it(rider, client, settings, tmp_path):
    # given a case and a phone photo carrying GPS and camera EXIF
    settings.MEDIA_ROOT = tmp_path
    appeal = make_appeal(rider=rider)
    raw = jpeg_bytes(gps=True)
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the input really has GPS
    # when
    response = upload(client, rider, f"/api/v1/appeals/{appeal.pk}/photos", raw)
    # then
    assert response.status_code == 201, response.content
    stored = AppealPhoto.objects.get(appeal=appeal)
    with stored.image.open("rb") as f:
        data = f.read()
    img = Image.open(io.BytesIO(data))
    assert img.format == "JPEG"
    assert len(img.getexif()) == 0
    assert not img.getexif().get_ifd(0x8825)
    assert "exif" not in img.info
    assert b"RiderPhone" not in data


def test_a_rotated_phone_photo_keeps_its_orientation(rider, client, settings, tmp_path):
    # given a 64×48 image tagged "rotate 90°" (EXIF Orientation 6)
    settings.MEDIA_ROOT = tmp_path
    appeal = make_appeal(rider=rider)
    img = Image.new("RGB", (64, 48))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    # when
    body = upload(client, rider, f"/api/v1/appeals/{appeal.pk}/photos", out.getvalue()).json()
    # then the pixels are turned and the tag is gone
    assert (body["width"], body["height"]) == (48, 64)


@pytest.mark.parametrize(
    ("data", "name", "status"),
    [
        (b"%PDF-1.4 not an image", "x.pdf", 422),
        (b"GIF89a broken", "x.gif", 422),
        (b"", "empty.jpg", 422),
    ],
)
def test_a_non_image_is_refused_and_nothing_is_stored(data, name, status, rider, client):
    # given
    appeal = make_appeal(rider=rider)
    # when
    response = upload(client, rider, f"/api/v1/appeals/{appeal.pk}/photos", data, name=name)
    # then
    assert response.status_code == status, response.content
    assert not AppealPhoto.objects.exists()


def test_an_oversized_photo_answers_413_and_nothing_is_stored(rider, client, settings):
    # given a limit of 1 KB and a 2 KB+ image
    settings.MAX_PHOTO_BYTES = 1024
    appeal = make_appeal(rider=rider)
    raw = jpeg_bytes(size=(400, 400))
    assert len(raw) > 1024
    # when
    response = upload(client, rider, f"/api/v1/appeals/{appeal.pk}/photos", raw)
    # then
    assert response.status_code == 413
    assert "MB" in response.json()["detail"]
    assert not AppealPhoto.objects.exists()


def test_a_rider_cannot_add_photos_to_someone_elses_case(rider, client):
    # given
    appeal = make_appeal()
    # then
    assert (
        upload(client, rider, f"/api/v1/appeals/{appeal.pk}/photos", jpeg_bytes()).status_code
        == 404
    )
    assert not AppealPhoto.objects.exists()


def test_the_photo_page_serves_only_to_who_may_see_the_case(
    rider, client, settings, tmp_path, other_county_officer
):
    # given
    settings.MEDIA_ROOT = tmp_path
    appeal = make_appeal(rider=rider)
    upload(client, rider, f"/api/v1/appeals/{appeal.pk}/photos", jpeg_bytes())
    photo = AppealPhoto.objects.get()
    # when
    client.force_login(rider)
    own = client.get(f"/appeals/photos/{photo.pk}/")
    client.force_login(other_county_officer)
    other = client.get(f"/appeals/photos/{photo.pk}/")
    # then
    assert own.status_code == 200
    assert other.status_code == 404
