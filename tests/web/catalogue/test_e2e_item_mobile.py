"""In headless Chromium at a phone's width (375 px): an item's page fits the screen — its details table reflows to
label/value pairs instead of running past the card. Screenshots: var/screenshots/catalogue-mobile-*.png."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from gongkai.web.disclosure.models import RegisterItem
from tests.web.browser import Shots, browser
from tests.web.disclosure.conftest import MakeItem

__all__ = ["browser"]  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 375, "height": 800}


def test_an_item_page_fits_a_phone_screen(
    live_server: Any, browser: Any, make_item: MakeItem, publish: Callable[..., RegisterItem]
) -> None:
    item = publish(
        make_item(
            title="吴忠市审批服务管理局关于公布政务服务事项“最多跑一次”清单的通知",
            doc_number="吴审批发〔2021〕23号",
            channels=["gazette", "portal", "wechat"],
        )
    )
    page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.goto(live_server.url + reverse("catalogue:item", args=["WZSP", item.pk]))
    shots = Shots("catalogue-mobile")
    shots.take(page, "item")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table = page.locator("table.meta").bounding_box()
    card = page.locator("article.card").bounding_box()
    assert table["x"] + table["width"] <= card["x"] + card["width"] + 0.5
    # Each label sits beside its value: 索引号 and the index number on the same line.
    label = page.get_by_role("rowheader", name="索引号").bounding_box()
    value = page.locator("#index-number").bounding_box()
    assert abs(label["y"] - value["y"]) < 2
    assert value["x"] > label["x"]
