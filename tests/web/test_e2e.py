"""The issue's whole scenario in headless Chromium, through the real pages, with a screenshot of each page.

An applicant applies online; the officer registers it and asks for 补正; the applicant corrects; the officer
consults a third party and asks for an extension, which the approver approves; the decision is partial
disclosure, approved; the letter is generated; the applicant sees the status; the year's table 三 counts it once,
in `partial`. Screenshots: var/screenshots/e2e-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.web.applications.models import Application
from gongkai.web.common.clock import today
from tests.web.browser import Shots, browser, login, new_page
from tests.web.conftest import Staff, Tree, png_bytes

__all__ = ["browser"]  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def act(
    page: Any,
    base: str,
    case_url: str,
    label: str,
    fill: dict[str, str] | None = None,
    select: dict[str, str] | None = None,
) -> None:
    page.goto(case_url)
    page.get_by_role("link", name=label, exact=True).click()
    for field, value in (fill or {}).items():
        page.get_by_label(re.compile(f"^{re.escape(field)}")).fill(value)
    for field, value in (select or {}).items():
        page.get_by_label(re.compile(f"^{re.escape(field)}")).select_option(value)
    page.get_by_role("button", name=re.compile("^确认")).click()
    page.wait_for_url(case_url)
    assert page.locator(".message.success").count() == 1, page.content()


def test_the_issue_scenario_end_to_end(
    live_server: Any, browser: Any, tree: Tree, staff: Staff, tmp_path: Path
) -> None:
    base = live_server.url
    shots = Shots("e2e")
    proof = tmp_path / "身份证.png"
    proof.write_bytes(png_bytes())

    # The applicant applies online.
    applicant = new_page(browser)
    applicant.goto(f"{base}/")
    shots.take(applicant, "portal-home")
    applicant.get_by_role("row", name=re.compile("吴忠市审批服务管理局")).get_by_role(
        "link", name="公开指南"
    ).click()
    shots.take(applicant, "guide")
    applicant.get_by_role("link", name="在线申请").first.click()
    applicant.get_by_role("button", name="提交申请").click()
    expect(applicant.locator(".error-summary")).to_be_visible()  # waits for the page the click loads
    shots.take(applicant, "apply-errors")
    applicant.get_by_label("姓名或名称").fill("马建国")
    applicant.get_by_label("证件类型").select_option("resident_id")
    applicant.get_by_label("证件号码").fill("640302198001010011")
    applicant.get_by_label("联系电话").fill("13995300001")
    applicant.get_by_label("电子邮箱").fill("ma@example.com")
    applicant.get_by_label("通信地址").fill("宁夏吴忠市利通区示例路1号")
    applicant.get_by_label(re.compile("所需政府信息的名称")).fill("某商住小区项目的建设工程规划许可证及附图")
    applicant.get_by_label("信息的指定提供形式").select_option("electronic")
    applicant.get_by_label("获取信息的方式").select_option("email")
    applicant.get_by_label("身份证明").set_input_files(str(proof))
    shots.take(applicant, "apply-filled")
    applicant.get_by_role("button", name="提交申请").click()
    applicant.wait_for_url(re.compile("/receipt/$"))
    number = applicant.locator("#tracking-number").inner_text().strip()
    code = applicant.locator("#query-code").inner_text().strip()
    assert re.fullmatch(rf"WZSP-{today().year}-\d{{4}}", number)
    shots.take(applicant, "receipt")
    case = Application.objects.get(number=number)
    case_url = f"{base}/office/cases/{case.pk}/"

    # The officer registers it and asks for 补正.
    officer = login(browser, base, "officer")
    shots.take(officer, "office-dashboard")
    officer.get_by_role("link", name=re.compile("待登记")).first.click()
    officer.get_by_role("link", name=number).click()
    officer.wait_for_url(case_url)
    shots.take(officer, "case-submitted")
    act(officer, base, case_url, "登记受理")
    act(officer, base, case_url, "告知补正", fill={"需要补正的事项": "请写明项目名称和许可证编号。"})
    shots.take(officer, "case-awaiting-correction")

    # The applicant sees that a correction is asked for and sends it online; the officer checks and records it.
    applicant.goto(f"{base}/status/")
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_role("button", name="查询").click()
    assert applicant.locator("#status-label").inner_text() == "待申请人补正"
    applicant.locator("#reply-link").click()
    applicant.get_by_label("补正的内容").fill(
        "项目名称：利通区某住宅小区；许可证编号：建字第640302202500031号。"
    )
    shots.take(applicant, "applicant-correction")
    applicant.get_by_role("button", name="提交").click()
    expect(applicant.locator("#reply-done")).to_be_visible()
    # The applicant could still withdraw online (the page is checked, nothing is sent).
    applicant.goto(f"{base}/status/")
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_role("button", name="查询").click()
    applicant.locator("#withdraw-link").click()
    expect(applicant.get_by_label("我确认撤回本申请")).to_be_visible()
    shots.take(applicant, "applicant-withdraw-page")
    officer.goto(case_url)
    expect(officer.locator("#applicant-reply")).to_be_visible()
    act(officer, base, case_url, "登记补正", fill={"补正内容摘要": "申请人在线补充了许可证编号。"})

    # Consultation with a third party, then an extension asked for and approved.
    act(
        officer,
        base,
        case_url,
        "征求第三方或其他机关意见",
        fill={"征求意见的第三方或机关": "吴忠市某房地产开发有限公司"},
    )
    act(
        officer,
        base,
        case_url,
        "征求意见结束",
        fill={"意见结果": "第三方不同意公开其商业信息。"},
        select={"第三方或机关的意见": "objected"},
    )
    act(officer, base, case_url, "申请延期答复", fill={"延期理由": "需要调取历年档案。"})
    shots.take(officer, "case-extension-pending")
    approver = login(browser, base, "approver")
    approver.get_by_role("link", name=re.compile("待审批")).first.click()
    approver.get_by_role("link", name=number).click()
    act(approver, base, case_url, "批准延期")
    shots.take(approver, "case-extension-approved")

    # The decision: partial disclosure, approved; the letter is generated.
    act(
        officer,
        base,
        case_url,
        "拟定答复",
        fill={"答复内容": "涉及第三方商业信息的部分不予公开，其余部分予以公开。"},
        select={"答复类型": "partial"},
    )
    act(approver, base, case_url, "批准答复")
    shots.take(approver, "case-decided")
    officer.goto(case_url)
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Word").last.click()
    docx_path = tmp_path / "letter.docx"
    download.value.save_as(str(docx_path))
    from docx import Document

    letter = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "政府信息公开申请答复告知书" in letter
    assert "部分公开" in letter
    assert re.search(rf"吴审批公开〔{today().year}〕\d+号", letter)
    pdf = officer.request.get(f"{case_url}notices/{case.notices.get(kind='decision').pk}.pdf")
    assert pdf.body().startswith(b"%PDF")
    act(officer, base, case_url, "登记送达", select={"送达方式": "email"})
    shots.take(officer, "case-served")

    # The head reads who saw and handled the case, the officer's download of the letter included.
    approver.goto(case_url)
    approver.get_by_role("link", name="查看谁在何时查看、下载和办理了本案件").click()
    trail = approver.locator("#audit-trail")
    assert "下载文书" in trail.inner_text()
    assert "登记送达" in trail.inner_text()
    shots.take(approver, "case-audit-trail")

    # The applicant sees the status; no personal data on the page.
    applicant.goto(f"{base}/status/")
    applicant.get_by_label("申请编号").fill(number)
    applicant.get_by_label("查询码").fill(code)
    applicant.get_by_role("button", name="查询").click()
    assert applicant.locator("#status-label").inner_text() == "已送达"
    status_page = applicant.content()
    assert "部分公开" in status_page
    assert "马建国" not in status_page
    assert "640302198001010011" not in status_page
    shots.take(applicant, "status-served")
    # …and downloads the letter sent to them.
    applicant.locator("#documents-link").click()
    expect(applicant.get_by_role("heading", name="本申请的文书")).to_be_visible()
    shots.take(applicant, "applicant-documents")
    href = applicant.get_by_role("link", name=re.compile("^PDF")).first.get_attribute("href")
    assert applicant.request.get(f"{base}{href}").body().startswith(b"%PDF")

    # The applicant lost the code: the officer issues a new one, and only the new one works.
    officer.goto(case_url)
    officer.get_by_role("button", name="重新生成查询码").click()
    new_code = officer.locator("#query-code").inner_text()
    shots.take(officer, "new-query-code")
    for tried, answer in (
        (code, applicant.get_by_text("申请编号或查询码不正确")),
        (new_code, applicant.locator("#status-label")),
    ):
        applicant.goto(f"{base}/status/")
        applicant.get_by_label("申请编号").fill(number)
        applicant.get_by_label("查询码").fill(tried)
        applicant.get_by_role("button", name="查询").click()
        expect(answer).to_be_visible()
    shots.take(applicant, "status-new-code")

    # The year's table 三 counts it once, in `partial`.
    officer.goto(f"{base}/office/reports/table3/?year={today().year}")
    cells = {
        cell: int(officer.locator(f'td[data-cell="{cell}"]').inner_text())
        for cell in (
            "t3.new.natural",
            "t3.partial.natural",
            "t3.partial.total",
            "t3.total.total",
            "t3.granted.total",
            "t3.carried_forward.total",
        )
    }
    assert cells == {
        "t3.new.natural": 1,
        "t3.partial.natural": 1,
        "t3.partial.total": 1,
        "t3.total.total": 1,
        "t3.granted.total": 0,
        "t3.carried_forward.total": 0,
    }
    assert officer.locator("#checks-ok").is_visible()
    shots.take(officer, "table3")
    officer.locator('td[data-cell="t3.partial.natural"] a').click()
    expect(officer.get_by_role("link", name=number)).to_be_visible()
    shots.take(officer, "table3-drilldown")

    # The English interface.
    officer.goto(f"{base}/office/")
    officer.get_by_label("语言").select_option("en")
    officer.get_by_role("button", name="切换").click()
    officer.goto(case_url)
    assert officer.locator("html").get_attribute("lang") == "en"
    shots.take(officer, "case-english")
    assert shots.count == 22
