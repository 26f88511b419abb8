"""The page chrome rendered once per process for anonymous visitors (templates/base.html, the "fragments"
cache) stays right: per language, never shown to signed-in staff, and never keeping a staff member's links."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from tests.web.conftest import PASSWORD, Staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_fragments() -> None:
    caches["fragments"].clear()


def _nav(client: Client) -> str:
    page = client.get("/status/").content.decode()
    return page[page.index('<nav aria-label="') : page.index("</nav>")]


def test_each_language_gets_its_own_chrome() -> None:
    chinese = Client()
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "申请公开" in _nav(chinese)
    english_nav = _nav(english)
    assert "申请公开" not in english_nav
    assert "Check the progress of an application" in english_nav
    assert "申请公开" in _nav(chinese)
    english_footer = english.get("/status/").content.decode().split('<footer class="site-footer">')[1]
    assert "Handled under the Regulations" in english_footer
    chinese_footer = chinese.get("/status/").content.decode().split('<footer class="site-footer">')[1]
    assert "依据《中华人民共和国政府信息公开条例》" in chinese_footer


def test_staff_links_are_not_cached_for_anonymous_visitors_nor_hidden_from_staff(staff: Staff) -> None:
    anonymous = Client()
    assert "办理后台" not in _nav(anonymous)
    officer = Client()
    assert officer.login(username="officer", password=PASSWORD)
    assert "办理后台" in _nav(officer)
    assert "办理后台" not in _nav(anonymous)
    assert "办理后台" in _nav(officer)


def test_the_language_switch_returns_to_the_visitors_own_page_with_a_token() -> None:
    client = Client()
    first = client.get("/status/?a=1").content.decode()
    second = client.get("/").content.decode()
    assert 'name="next" type="hidden" value="/status/?a=1"' in first
    assert 'name="next" type="hidden" value="/"' in second
    switch = second.split('class="lang-form"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in switch
    assert '<option value="zh-hans" lang="zh-hans" selected>简体中文</option>' in switch
