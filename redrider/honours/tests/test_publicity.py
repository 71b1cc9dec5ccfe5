"""Publicity: uploads must be what they declare, links, stories, leaflets."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redrider.accounts.services import token_issue
from redrider.honours.models import Asset

from .factories import make_brand, make_story

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def post_file(client, user, *, kind, data, name, content_type, region="510104"):
    return client.post(
        "/api/v1/honours/assets",
        {
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "kind": kind,
            "title": "宣传品",
            "region_code": region,
        },
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}",
    )


def test_a_handbook_pdf_is_stored_and_public(county_officer, client, settings, tmp_path, api):
    settings.MEDIA_ROOT = tmp_path
    response = post_file(
        client,
        county_officer,
        kind="handbook",
        data=PDF,
        name="h.pdf",
        content_type="application/pdf",
    )
    assert response.status_code == 201, response.content
    listed = api().get("/api/v1/honours/assets", kind="handbook").json()
    assert listed["count"] == 1
    assert client.get(listed["items"][0]["url"]).status_code == 200


def test_a_video_upload_is_accepted_as_mp4(county_officer, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = post_file(
        client, county_officer, kind="video", data=MP4, name="v.mp4", content_type="video/mp4"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "kind, data, content_type",
    [
        ("handbook", b"MZ\x90\x00 not a pdf", "application/pdf"),  # lies about being a PDF
        ("video", PDF, "video/mp4"),  # a PDF declared as a video
        ("handbook", PDF, "image/png"),  # a type the kind does not take
        ("video", MP4, "application/pdf"),
    ],
)
def test_an_upload_that_is_not_its_declared_type_answers_422_and_stores_nothing(
    county_officer, client, settings, tmp_path, kind, data, content_type
):
    settings.MEDIA_ROOT = tmp_path
    response = post_file(
        client, county_officer, kind=kind, data=data, name="x.bin", content_type=content_type
    )
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "upload_type"
    assert not Asset.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_video_can_be_a_link(county_officer, api):
    response = api(county_officer).post(
        "/api/v1/honours/assets/link",
        {
            "kind": "video",
            "title": "《辛苦了，骑士！》",
            "region_code": "510104",
            "url": "https://v.example.org/1",
        },
    )
    assert response.status_code == 201 and response.json()["url"] == "https://v.example.org/1"


def test_an_officer_writes_and_publishes_a_trilingual_story(county_officer, api):
    brand = make_brand("510104", name="小牛哥", slug="xiaoniuge")
    me = api(county_officer)
    response = me.post(
        "/api/v1/honours/stories",
        {
            "region_code": "510104",
            "brand_id": brand.pk,
            "title": "先锋车手",
            "body": "正文",
            "title_bo": "ཞོན་པ་དམར་པོ།",
            "body_bo": "བོད་ཡིག",
        },
    )
    assert response.status_code == 201 and response.json()["status"] == "draft"
    assert api().get("/api/v1/honours/stories").json()["count"] == 0
    me.post(f"/api/v1/honours/stories/{response.json()['id']}/publish")
    assert api().get("/api/v1/honours/stories", brand=brand.pk).json()["count"] == 1


def test_a_leaflet_needs_the_tibetan_text(county_officer, api):
    story = make_story("510104")
    response = api(county_officer).post(f"/api/v1/honours/stories/{story.pk}/leaflet", {})
    assert response.status_code == 422 and response.json()["code"] == "leaflet_needs_tibetan"
    assert not Asset.objects.exists()


def test_a_leaflet_is_generated_as_a_pdf_asset(county_officer, api, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    story = make_story("510104", title_bo="ཞོན་པ་དམར་པོ།", body_bo="བོད་ཀྱི་སྐད་ཡིག")
    response = api(county_officer).post(f"/api/v1/honours/stories/{story.pk}/leaflet", {})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "leaflet" and response.json()["story_id"] == story.pk
    pdf = b"".join(client.get(response.json()["url"]).streaming_content)
    assert pdf.startswith(b"%PDF-")


def test_placements_are_recorded_per_region(county_officer, other_county_officer, api):
    body = {
        "kind": "landmark_screen",
        "where": "摩天轮",
        "region_code": "510104",
        "starts_on": "2023-07-01",
    }
    assert api(county_officer).post("/api/v1/honours/placements", body).status_code == 201
    assert api(other_county_officer).get("/api/v1/honours/placements").json()["count"] == 0
    bad = api(county_officer).post("/api/v1/honours/placements", {**body, "ends_on": "2023-01-01"})
    assert bad.status_code == 422


def test_a_brand_logo_svg_is_served_sandboxed_and_anything_else_only_downloaded(
    client, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from redrider.honours.seeding.publicity import brand_logo_svg

    settings.MEDIA_ROOT = tmp_path
    brand = make_brand("510104", name="小牛哥", slug="xiaoniuge")
    brand.logo.save("xiaoniuge.svg", ContentFile(brand_logo_svg("小牛哥", "#d9480f", "先锋车手")))
    svg = client.get(f"/honours/files/brands/{brand.pk}")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert "sandbox" in svg["Content-Security-Policy"]
    assert "<script" not in b"".join(svg.streaming_content).decode()
    # a logo stored as HTML (the admin takes any file) is never rendered on our origin
    other = make_brand("510115", name="温小爱", slug="wenxiaoai")
    other.logo.save("logo.html", ContentFile(b"<script>alert(1)</script>"))
    html = client.get(f"/honours/files/brands/{other.pk}")
    assert html["Content-Type"] == "application/octet-stream"
    assert html["Content-Disposition"].startswith("attachment")
