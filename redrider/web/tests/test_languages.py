"""The interface languages: Chinese by default, English throughout, Tibetan on the rider pages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import gettext, override

pytestmark = pytest.mark.django_db

TIBETAN = re.compile(r"[\u0f00-\u0fff]")
RIDER_TABS_ZH = ["驿站", "诉求", "活动", "积分", "我的"]


def catalogue(lang: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / lang / "LC_MESSAGES" / "django.po"


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: comments, msgid, msgid_plural and msgstr / msgstr[n]."""
    entries: list[dict] = []
    entry: dict = {"comments": [], "fields": {}}
    field = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry["fields"]:
                entries.append(entry)
            entry, field = {"comments": [], "fields": {}}, None
        elif line.startswith("#"):
            entry["comments"].append(line)
        elif line.startswith('"'):
            entry["fields"][field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry["fields"][field] = ast.literal_eval(value)
    return entries


def tab_labels(html: str) -> list[str]:
    tabbar = re.search(r'<nav class="tabbar".*?</nav>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a .*?</a>", tabbar, re.S)]


def test_the_login_page_is_in_chinese_by_default(client):
    # given a visitor whose browser names no language
    # when they open the login page
    response = client.get("/login/")
    # then it is the Chinese source text
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "红骑手服务平台" in html and "登录" in html
    assert "Sign in" not in html


def test_the_login_page_is_in_english_for_an_english_browser(client):
    # given a browser asking for English
    # when it opens the login page
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en")
    # then the page is English, with no Chinese interface text left
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Red Rider Service Platform" in html
    assert "Sign in" in html and "Password" in html
    assert "红骑手服务平台" not in html and "用户名或手机号" not in html


def test_the_language_cookie_switches_the_login_page_to_english(client):
    # given a visitor who picked English in the language menu
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # when they open the login page
    html = client.get("/login/").content.decode()
    # then it is English
    assert "Red Rider Service Platform" in html


def test_the_login_page_is_in_tibetan_for_a_tibetan_browser(client):
    # given a browser asking for Tibetan
    # when it opens the login page
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="bo")
    # then the title, labels and button are in Tibetan script
    html = response.content.decode()
    assert '<html lang="bo">' in html
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1)
    button = re.search(r'<button type="submit"[^>]*>(.*?)</button>', html).group(1)
    assert TIBETAN.search(heading) and TIBETAN.search(button)
    assert "红骑手服务平台" not in html and "用户名或手机号" not in html


def test_the_rider_shell_tabs_are_in_tibetan_for_a_tibetan_rider(client, rider):
    # given a signed-in rider whose phone asks for Tibetan
    client.force_login(rider, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
    # when the rider opens a page of the rider shell
    response = client.get("/rider/me/", HTTP_ACCEPT_LANGUAGE="bo")
    # then all five bottom tabs (驿站 · 诉求 · 活动 · 积分 · 我的) are labelled in Tibetan
    assert response.status_code == 200
    labels = tab_labels(response.content.decode())
    with override("bo"):
        expected = [gettext(zh) for zh in RIDER_TABS_ZH]
    assert labels == expected
    assert all(TIBETAN.search(label) for label in labels)
    assert not set(labels) & set(RIDER_TABS_ZH)


def test_the_rider_shell_tabs_are_in_english_for_an_english_rider(client, rider):
    # given a signed-in rider whose phone asks for English
    client.force_login(rider, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
    # when the rider opens a page of the rider shell
    response = client.get("/rider/me/", HTTP_ACCEPT_LANGUAGE="en")
    # then the tabs are English words
    labels = tab_labels(response.content.decode())
    assert len(labels) == len(RIDER_TABS_ZH)
    assert all(re.fullmatch(r"[A-Za-z ]+", label) for label in labels)


def test_every_message_in_the_english_catalogue_has_a_translation():
    # given the English catalogue
    entries = po_entries(catalogue("en"))[1:]  # the first entry is the header
    # when its entries are checked
    untranslated = [
        e["fields"]["msgid"]
        for e in entries
        if not all(v for k, v in e["fields"].items() if k.startswith("msgstr"))
    ]
    fuzzy = [
        e["fields"]["msgid"]
        for e in entries
        if any(c.startswith("#,") and "fuzzy" in c for c in e["comments"])
    ]
    # then every message has a non-empty, checked translation
    assert entries
    assert untranslated == []
    assert fuzzy == []


def test_english_translations_keep_every_placeholder():
    # given the English catalogue
    entries = po_entries(catalogue("en"))[1:]
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%%|\{[a-z_0-9]*\}")
    # when source and translation placeholders are compared
    broken = [
        e["fields"]["msgid"]
        for e in entries
        for k, v in e["fields"].items()
        if k.startswith("msgstr")
        and sorted(placeholder.findall(v)) != sorted(placeholder.findall(e["fields"]["msgid"]))
    ]
    # then none is lost or invented
    assert broken == []
