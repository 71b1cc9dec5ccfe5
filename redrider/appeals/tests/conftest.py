"""Fixtures for the appeals tests: offices with guidance stations and JPEG builders."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from redrider.orgs.models import Committee, GuidanceStation, Office


def office_at(code: str, lat: float, lng: float, name: str | None = None) -> Office:
    office = Office.objects.create(region_code=code, name=name or f"{code}所", lat=lat, lng=lng)
    GuidanceStation.objects.create(office=office, region_code=code, name=f"{office.name}指导站")
    return office


def committee_in(code: str) -> Committee:
    return Committee.objects.create(
        region_code=code, name=f"{code}综合党委", kind="xiaogezhuan", level="county"
    )


def jpeg_bytes(*, gps: bool = False, size=(64, 48)) -> bytes:
    """A small JPEG, optionally carrying EXIF with a GPS position and a camera model."""
    img = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x0110] = "RiderPhone 12"  # Model
        exif[0x8825] = {1: "N", 2: (30.0, 39.0, 25.2), 3: "E", 4: (104.0, 4.0, 51.6)}  # GPSInfo
        img.save(out, format="JPEG", exif=exif)
    else:
        img.save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def jinjiang_office(db):
    """One office with a guidance station near the phone fixture's location in Jinjiang."""
    return office_at("510104", 30.6575, 104.0815, "锦江测试市场监管所")


def upload(
    client, user, path: str, data: bytes, name: str = "p.jpg", content_type: str = "image/jpeg"
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from redrider.accounts.services import token_issue

    return client.post(
        path,
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}",
    )
