"""The public catalogue pages: only published 主动公开 items, by category and year; the item page; the search page;
the guide's proactive-disclosure section; the search rate limit."""

from __future__ import annotations

import re
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
    assert "没有检索到与“航天”匹配的公开信息" in nothing
    typed = client.get(reverse("catalogue:home"), {"q": "营商", "year": "2026"})
    assert typed.status_code == 302
    assert typed["Location"] == reverse("catalogue:search") + "?q=%E8%90%A5%E5%95%86&year=2026"


def test_a_result_shows_the_part_of_its_body_with_the_words_and_marks_its_numbers(
    client: Client, make_item: MakeItem, publish: Publish
) -> None:
    opening = "第一条 为规范政务服务工作，制定本办法。"
    filler = "第二条 本办法适用于全市各级政务服务机构和工作人员，各单位应当认真贯彻执行。" * 3
    publish(
        make_item(
            title="政务服务管理办法",
            body=f"政务服务管理办法\n{opening}{filler}第九条 帮办代办人员<b>应当</b>主动服务。",
        )
    )
    page = client.get(reverse("catalogue:search"), {"q": "帮办代办"}).content.decode()
    summary = re.search(r'<span class="excerpt">(.*?)</span>', page, re.S)
    assert summary is not None
    shown = summary.group(1)
    assert shown.startswith("…")
    assert "<mark>帮办代办</mark>" in shown
    assert "&lt;b&gt;应当&lt;/b&gt;" in shown  # the body is escaped
    assert "第一条" not in shown  # the window with the word, not the start of the body
    numbered = client.get(reverse("catalogue:search"), {"q": "审批"}).content.decode()
    assert "吴<mark>审批</mark>发〔2026〕3号" in numbered
    browsing = client.get(reverse("catalogue:search"), {"category": "a20.1"}).content.decode()
    assert 'class="excerpt"' not in browsing  # a list without words is the titles only


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


@pytest.fixture
def many(make_item: MakeItem, publish: Publish) -> list[RegisterItem]:
    """21 published items of 2026 in category a20.5 whose titles all contain 吴忠: two pages of 20."""
    return [
        publish(make_item(title=f"吴忠市第{n}批施工许可证核发结果公示", category="a20.5", doc_number=""))
        for n in range(1, 22)
    ]


def _numbers(page: str) -> tuple[str, int]:
    """The list's first number and how many results it shows."""
    start = re.search(r'<ol class="results" start="(\d+)"', page)
    assert start, page
    return start.group(1), page.count('<li><a href="/catalogue/WZSP/items/')


def test_results_are_numbered_across_pages_and_a_page_past_the_end_is_the_last(
    client: Client, many: list[RegisterItem]
) -> None:
    url = reverse("catalogue:search")
    assert _numbers(client.get(url, {"q": "吴忠"}).content.decode()) == ("1", 20)
    assert _numbers(client.get(url, {"q": "吴忠", "page": "2"}).content.decode()) == ("21", 1)
    for beyond in ("3", "99999", "9" * 30):
        page = client.get(url, {"q": "吴忠", "page": beyond}).content.decode()
        assert _numbers(page) == ("21", 1), beyond
        assert "第 2 / 2 页" in page
    assert _numbers(client.get(url, {"q": "吴忠", "page": "x"}).content.decode()) == ("1", 20)


def test_a_category_and_year_without_words_list_their_items(
    client: Client, many: list[RegisterItem], make_item: MakeItem, publish: Publish
) -> None:
    other = publish(make_item(title="吴忠市审批服务管理局2026年部门预算", category="a20.7", doc_number=""))
    home = client.get(reverse("catalogue:home"), {"q": "", "category": "a20.5", "year": "2026"})
    assert home.status_code == 302
    page = client.get(home["Location"]).content.decode()
    assert _numbers(page) == ("1", 20)
    assert "共 21 条" in page
    assert other.title not in page
    assert (
        "共 0 条"
        in client.get(reverse("catalogue:search"), {"category": "a20.5", "year": "2025"}).content.decode()
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "营" * 101}, "关键词最多 100 个字，现有 101 个字。"),
        ({"q": "营商", "year": "1999"}, "发布年度应在 2000 年以后。"),
        ({"q": "营商", "year": "二〇二五"}, "发布年度应为四位数字，例如 2025。"),
        ({"q": "营商", "category": "bad"}, "没有“bad”这个类别，请从列表中选择。"),
        ({"q": "营商", "agency": "NOPE"}, "没有简码为“NOPE”的机关。"),
        ({"q": "", "year": "1999"}, "发布年度应在 2000 年以后。"),
    ],
)
def test_an_invalid_search_shows_why(
    client: Client, items: tuple[RegisterItem, RegisterItem], params: dict[str, str], message: str
) -> None:
    response = client.get(reverse("catalogue:search"), params)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="error-summary" role="alert"' in page
    assert message in page
    assert 'id="search-results"' not in page


def test_the_agency_page_shows_an_invalid_filter_and_leaves_it_out_of_its_links(
    client: Client, many: list[RegisterItem]
) -> None:
    page = client.get(reverse("catalogue:agency", args=["WZSP"]), {"year": "1999"}).content.decode()
    assert "发布年度应在 2000 年以后。" in page
    assert "第 1 / 2 页" in page  # every year listed
    assert re.findall(r'href="[^"]*year=1999', page) == []
    assert 'href="?page=2"' in page
    by_year = client.get(reverse("catalogue:agency", args=["WZSP"]), {"year": "2026", "category": "bad"})
    text = by_year.content.decode()
    assert "没有“bad”这个类别" in text
    assert re.findall(r'href="[^"]*category=bad', text) == []
    assert 'href="?year=2026&amp;page=2"' in text


def test_agency_codes_in_another_case_redirect_to_the_canonical_address(
    client: Client, items: tuple[RegisterItem, RegisterItem]
) -> None:
    public, _draft = items
    agency = client.get("/catalogue/wzsp/", {"year": "2026"})
    assert agency.status_code == 301
    assert agency["Location"] == reverse("catalogue:agency", args=["WZSP"]) + "?year=2026"
    item = client.get(f"/catalogue/Wzsp/items/{public.pk}/")
    assert item.status_code == 301
    assert item["Location"] == reverse("catalogue:item", args=["WZSP", public.pk])
    download = client.get(reverse("catalogue:data", args=["csv"]), {"agency": "wzsp"})
    assert 'filename="gongkai-catalogue-WZSP.csv"' in download["Content-Disposition"]


def test_english_pages_translate_categories_and_separate_channels_with_commas(
    client: Client, make_item: MakeItem, publish: Publish
) -> None:
    public = publish(make_item(channels=["gazette", "portal"]))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    catalogue = client.get(reverse("catalogue:agency", args=["WZSP"]), {"category": "a20.2"}).content.decode()
    assert 'lang="en"' in catalogue
    assert "法规文件" not in catalogue
    assert "机构职能" not in catalogue  # neither in the tree, nor the heading, nor the form's list
    search = client.get(reverse("catalogue:search")).content.decode()
    assert "法规文件" not in search
    item = client.get(reverse("catalogue:item", args=["WZSP", public.pk])).content.decode()
    channels = re.search(r'<td id="item-channels">([^<]*)</td>', item)
    assert channels, item
    assert channels.group(1) == "Government gazette, Government website"
    guide = client.get(reverse("portal:guide", args=["WZSP"])).content.decode()
    assert "Channels this agency uses: Government gazette, Government website.</li>" in guide
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    chinese_guide = client.get(reverse("portal:guide", args=["WZSP"])).content.decode()
    assert "本机关使用的公开渠道：政府公报、政府网站。</li>" in chinese_guide
    chinese = client.get(reverse("catalogue:agency", args=["WZSP"])).content.decode()
    assert "法规文件" in chinese
