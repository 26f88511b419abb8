"""Pages are Chinese unless the visitor switched: the browser's Accept-Language does not decide."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def _lang(client: Client, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    response = client.get("/", headers=headers)
    match = re.search(r'<html[^>]*\blang="([^"]+)"', response.content.decode())
    assert match, response.content[:200]
    return match.group(1), response.headers["Content-Language"]


def test_an_english_browser_still_gets_chinese() -> None:
    assert _lang(Client(), {"Accept-Language": "en-US,en;q=0.9"}) == ("zh-hans", "zh-hans")


def test_the_switch_chooses_english_and_back() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert _lang(client) == ("en", "en")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert _lang(client, {"Accept-Language": "en"}) == ("zh-hans", "zh-hans")


def test_an_unknown_language_in_the_cookie_is_ignored() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert _lang(client) == ("zh-hans", "zh-hans")


def test_responses_vary_on_the_cookie() -> None:
    assert "Cookie" in Client().get("/").headers["Vary"]
