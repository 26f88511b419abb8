"""The register in headless Chromium: an officer registers a document and sends it to 保密审查; the reviewer passes
it; the officer publishes it; a member of the public finds it in the catalogue by a Chinese word inside its title,
opens it, and reads the guide. Screenshots: var/screenshots/register-*.png (checked by eye)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.web.disclosure.models import RegisterItem
from tests.web.browser import Shots, browser, login, new_page
from tests.web.conftest import Staff, Tree
from tests.web.disclosure.conftest import grant_review

__all__ = ["browser"]  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "关于印发《优化营商环境若干措施》的通知"


def field(page: Any, label: str) -> Any:
    """A form control by its label (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def confirm(page: Any, url: str, label: str, fill: dict[str, str] | None = None) -> None:
    page.goto(url)
    page.get_by_role("link", name=label, exact=True).click()
    for name, value in (fill or {}).items():
        field(page, name).fill(value)
    page.get_by_role("button", name=re.compile("^确认")).click()
    page.wait_for_url(url)
    assert page.locator(".message.success").count() == 1, page.content()


def test_register_review_publish_and_find_it_in_the_catalogue(
    live_server: Any, browser: Any, tree: Tree, staff: Staff
) -> None:
    base = live_server.url
    grant_review(staff.approver)
    shots = Shots("register")

    # The officer registers the document and sends it to review.
    officer = login(browser, base, "officer")
    officer.goto(f"{base}/office/disclosure/")
    shots.take(officer, "register-empty")
    officer.get_by_role("link", name="登记信息").click()
    officer.get_by_role("button", name="保存").click()
    expect(officer.locator(".error-summary")).to_be_visible()  # waits for the page the click loads
    field(officer, "标题").fill(TITLE)
    field(officer, "文号").fill("吴审批发〔2026〕31号")
    officer.get_by_label(re.compile("^主动公开类别")).select_option("a20.11")
    field(officer, "主动公开").check()
    field(officer, "政府网站").check()
    field(officer, "微信公众号").check()
    officer.get_by_label("正文或内容概要").fill(
        "为持续优化营商环境，深化放管服改革，现提出以下措施：一、压缩审批时限；二、推行容缺受理。"
    )
    shots.take(officer, "item-form")
    officer.get_by_role("button", name="保存").click()
    officer.wait_for_url(re.compile(r"/office/disclosure/items/\d+/$"))
    item_url = officer.url
    assert officer.locator("#item-state").inner_text() == "起草"
    shots.take(officer, "item-draft")
    confirm(officer, item_url, "提交保密审查")
    assert officer.locator("#item-state").inner_text() == "保密审查中"

    # The confidentiality reviewer passes it.
    reviewer = login(browser, base, "approver")
    reviewer.goto(f"{base}/office/disclosure/?queue=in_review")
    shots.take(reviewer, "review-queue")
    reviewer.get_by_role("link", name=RegisterItem.objects.get().index_number).click()
    reviewer.get_by_role("link", name="保密审查通过", exact=True).click()
    shots.take(reviewer, "review-form")
    reviewer.get_by_role("button", name=re.compile("^确认")).click()
    reviewer.wait_for_url(item_url)
    assert reviewer.locator("#item-state").inner_text() == "审查通过待发布"

    # The officer publishes it on the portal and 微信公众号.
    confirm(officer, item_url, "发布")
    assert officer.locator("#item-state").inner_text() == "已公开"
    assert officer.locator("#timeliness").inner_text() == "按时公开"
    shots.take(officer, "item-published")
    item = RegisterItem.objects.get()
    assert item.state == "published"
    assert item.reviewed_by == staff.approver

    # A member of the public finds it by a word inside the title.
    public = new_page(browser)
    public.goto(f"{base}/catalogue/")
    shots.take(public, "catalogue-home")
    public.get_by_role("link", name="吴忠市审批服务管理局").click()
    public.wait_for_url(re.compile("/catalogue/WZSP/$"))
    shots.take(public, "catalogue-agency")
    public.get_by_label("关键词").fill("营商环境")
    public.get_by_role("button", name="检索").click()
    results = public.locator("#search-results")
    assert results.locator("mark").first.inner_text() == "营商环境"
    assert "共 1 条" in results.inner_text()
    shots.take(public, "catalogue-search")
    results.get_by_role("link").first.click()
    public.wait_for_url(re.compile(rf"/catalogue/WZSP/items/{item.pk}/$"))
    assert public.locator("#index-number").inner_text() == item.index_number
    assert "吴审批发〔2026〕31号" in public.content()
    shots.take(public, "catalogue-item")
    public.goto(f"{base}/guide/WZSP/")
    assert public.locator("#guide-proactive").is_visible()
    shots.take(public, "guide")

    # Table 二 and the English interface of the register.
    officer.goto(f"{base}/office/disclosure/table2/")
    shots.take(officer, "table2")
    officer.get_by_label("语言").select_option("en")
    officer.get_by_role("button", name="切换").click()
    officer.goto(item_url)
    assert officer.locator("html").get_attribute("lang") == "en"
    shots.take(officer, "item-english")
    assert shots.count == 13
