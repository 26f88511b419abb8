"""Notice wording comes from the editable templates (per agency over the default); text is frozen when issued."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from gongkai.core.errors import TransitionError
from gongkai.web.applications import services
from gongkai.web.notices.models import NoticeTemplate
from gongkai.web.notices.services import notice_text, render_notice_pdf
from tests.web.conftest import RECEIVED, FileApplication, Staff, Tree


def test_the_defaults_are_editable_rows_and_an_agency_override_wins(
    file_application: FileApplication, staff: Staff, tree: Tree
) -> None:
    assert set(NoticeTemplate.objects.filter(agency=None).values_list("kind", flat=True)) == {
        "decision", "correction", "extension", "fee", "reasons", "deferral", "third_party",
    }  # fmt: skip
    NoticeTemplate.objects.create(
        kind="correction",
        agency=tree.bureau,
        title="补正通知（本局格式）",
        body="{{ applicant_name }}：请补正：{{ items }}",
    )
    application, _ = file_application()
    services.application_request_correction(
        application=application,
        by=staff.officer,
        on=RECEIVED,
        correction_due=RECEIVED.replace(day=20),
        note="写明文号",
    )
    notice = application.notices.get()
    assert notice.title == "补正通知（本局格式）"
    assert notice.body == "马建国：请补正：写明文号"
    # Editing the template later does not change the notice already issued.
    NoticeTemplate.objects.filter(agency=tree.bureau).update(body="改过的正文")
    notice.refresh_from_db()
    assert notice.body == "马建国：请补正：写明文号"


def test_a_broken_template_is_reported_in_chinese(tree: Tree) -> None:
    NoticeTemplate.objects.filter(kind="fee", agency=None).update(body="{% if %}")
    with pytest.raises(TransitionError, match="语法错误"):
        notice_text(kind="fee", agency=tree.bureau, context={})


def test_the_pdf_embeds_a_chinese_font() -> None:
    pdf = render_notice_pdf(
        title="延期答复告知书",
        number="吴审批公开〔2026〕7号",
        body="第一段。\n第二段。",
        signature=("某机关", "2026年3月2日"),
    )
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = document.pages[0].extract_text() or ""
        fonts = {char["fontname"] for char in document.pages[0].chars}
    assert "延期答复告知书" in text
    assert "吴审批公开〔2026〕7号" in text
    # A TrueType CJK font subset is embedded (reportlab names subsets after the font, never a base-14 font).
    assert fonts
    assert not any(base in font for font in fonts for base in ("Helvetica", "Times", "Courier"))


def test_a_misspelt_variable_issues_no_notice_with_blanks(
    file_application: FileApplication, staff: Staff, tree: Tree
) -> None:
    NoticeTemplate.objects.create(
        kind="correction",
        agency=tree.bureau,
        title="补正通知",
        body="{{ applicant_nmae }}：请补正：{{ item }}",
    )
    application, _ = file_application()
    with pytest.raises(TransitionError, match=r"没有的变量：\{\{ applicant_nmae \}\}、\{\{ item \}\}"):
        services.application_request_correction(
            application=application,
            by=staff.officer,
            on=RECEIVED,
            correction_due=RECEIVED.replace(day=20),
            note="x",
        )
    assert not application.notices.exists()
    assert application.events.filter(action="request_correction").count() == 0


def test_the_admin_tries_a_wording_before_saving_it(tree: Tree) -> None:
    from gongkai.web.notices.admin import NoticeTemplateForm

    def form(body: str) -> NoticeTemplateForm:
        return NoticeTemplateForm(
            {"kind": "correction", "agency": tree.bureau.pk, "title": "补正通知", "body": body}
        )

    assert form(
        "{{ applicant_name }}：请于{{ correction_due|date:'Y年n月j日' }}前补正：{{ items }}"
    ).is_valid()
    misspelt = form("{{ applicant_nmae }}：请补正")
    assert not misspelt.is_valid()
    assert "{{ applicant_nmae }}" in misspelt.errors["body"][0]
    unclosed = form("{% if items %}请补正")
    assert not unclosed.is_valid()
    assert "语法错误" in unclosed.errors["body"][0]
