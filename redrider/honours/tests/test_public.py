"""The public honour wall: anyone may read it, in Chinese, English or Tibetan, with a share card
for WeChat; the API list never carries an ID number or phone."""

from __future__ import annotations

import re

import pytest

from .factories import make_campaign, make_exemplar, make_nomination, put_on_notice

pytestmark = pytest.mark.django_db
TIBETAN = re.compile(r"[\u0f00-\u0fff]")


def test_anyone_reads_the_honour_list_without_signing_in(api):
    exemplar = make_exemplar("510104")
    body = api().get("/api/v1/honours/exemplars", region="510100").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert set(item) >= {
        "id",
        "display_name",
        "region_code",
        "campaign_id",
        "year",
        "title",
        "story",
    }
    assert not {"id_number", "phone", "rider_id", "rider"} & set(item)
    assert item["display_name"] == exemplar.display_name


def test_an_unknown_region_in_the_public_list_answers_422(api):
    assert api().get("/api/v1/honours/exemplars", region="519999").status_code == 422


def test_the_wall_carries_a_share_card(client):
    exemplar = make_exemplar("510104")
    html = client.get(f"/honours/wall/{exemplar.pk}/").content.decode()
    for prop in ("og:title", "og:description", "og:image"):
        match = re.search(rf'<meta property="{prop}" content="([^"]+)"', html)
        assert match, prop
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert image.startswith("http://") and image.endswith(".png")
    assert exemplar.display_name in re.search(r'og:title" content="([^"]+)"', html).group(1)


def test_the_wall_renders_in_tibetan_and_english(client):
    make_exemplar("510104")
    bo = client.get("/honours/wall/", HTTP_ACCEPT_LANGUAGE="bo").content.decode()
    en = client.get("/honours/wall/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    heading = lambda html: re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)  # noqa: E731
    assert '<html lang="bo">' in bo and TIBETAN.search(heading(bo))
    assert '<html lang="en">' in en and re.fullmatch(r"[A-Za-z ]+", heading(en).strip())
    assert "红骑手荣誉墙" not in heading(bo)


def test_the_public_notice_lists_the_names_on_notice(client):
    campaign = put_on_notice(make_campaign(phase="ranking"))
    n = make_nomination(campaign, status="on_notice", rank=1, headline="跳桥救人")
    html = client.get(f"/honours/notice/{campaign.pk}/").content.decode()
    assert n.display_name in html and "跳桥救人" in html
