"""The public catalogue pages: only published 主动公开 items, by category and year; the item page; the search page;
the guide's proactive-disclosure section; the search rate limit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.web.disclosure.models import RegisterItem
from tests.web.conftest import Tree
from tests.web.disclosure.conftest import MakeItem

Publish = Callable[..., RegisterItem]


@pytest.fixture
def items(make_item: MakeItem, publish: Publish) -> tuple[RegisterItem, RegisterItem]:
    public = publish(make_item())
    draft = make_item(title="内部征求意见稿")
    return public, draft


def test_the_catalogue_shows_published_items_only(
    client: Client, items: tuple[RegisterItem, RegisterItem]
) -> None:
    public, draft = items
    page = client.get(reverse("catalogue:agency", args=["WZSP"])).content.decode()
    assert public.title in page
    assert draft.title not in page
    assert "法规文件" in page
    home = client.get(reverse("catalogue:home")).content.decode()
    assert "吴忠市审批服务管理局" in home
    by_category = client.get(
        reverse("catalogue:agency", args=["WZSP"]), {"category": "a20.7"}
    ).content.decode()
    assert public.title not in by_category
    by_year = client.get(reverse("catalogue:agency", args=["WZSP"]), {"year": "2026"}).content.decode()
    assert public.title in by_year


def test_an_item_page_and_the_404s(
    client: Client, items: tuple[RegisterItem, RegisterItem], tree: Tree
) -> None:
    public, draft = items
    page = client.get(reverse("catalogue:item", args=["WZSP", public.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert public.index_number in text
    assert "吴审批发〔2026〕3号" in text
    assert "政府网站" in text
    assert client.get(reverse("catalogue:item", args=["WZSP", draft.pk])).status_code == 404
    assert client.get(reverse("catalogue:item", args=["WZZR", public.pk])).status_code == 404
    assert client.get(reverse("catalogue:agency", args=["NOPE"])).status_code == 404


def test_searching_from_the_agency_page_and_across_agencies(
    client: Client, items: tuple[RegisterItem, RegisterItem]
) -> None:
    public, _draft = items
    within = client.get(reverse("catalogue:agency", args=["WZSP"]), {"q": "营商环境"}).content.decode()
    assert "<mark>营商环境</mark>" in within
    assert "共 1 条" in within
    across = client.get(reverse("catalogue:search"), {"q": "营商 措施"}).content.decode()
    assert "<mark>营商</mark>" in across
    assert "<mark>措施</mark>" in across
    assert reverse("catalogue:item", args=["WZSP", public.pk]) in across
    nothing = client.get(reverse("catalogue:search"), {"q": "航天"}).content.decode()
    assert "没有找到包含“航天”的公开信息" in nothing
    typed = client.get(reverse("catalogue:home"), {"q": "营商", "year": "2026"})
    assert typed.status_code == 302
    assert typed["Location"] == reverse("catalogue:search") + "?q=%E8%90%A5%E5%95%86&year=2026"


def test_the_guide_states_how_to_get_proactively_disclosed_information(
    client: Client, items: tuple[RegisterItem, RegisterItem]
) -> None:
    page = client.get(reverse("portal:guide", args=["WZSP"])).content.decode()
    assert 'id="guide-proactive"' in page
    assert "现有 1 条" in page
    assert reverse("catalogue:agency", args=["WZSP"]) in page
    assert "政府网站" in page


@override_settings(GONGKAI_RATE_LIMITS={"search": "2/m"})
def test_search_is_rate_limited(client: Client, items: tuple[RegisterItem, RegisterItem]) -> None:
    from django.core.cache import cache

    cache.clear()
    url = reverse("catalogue:search")
    assert client.get(url, {"q": "营商"}).status_code == 200
    assert client.get(url, {"q": "营商"}).status_code == 200
    assert client.get(url, {"q": "营商"}).status_code == 429
    assert client.get(reverse("catalogue:home")).status_code == 200  # browsing is not limited
