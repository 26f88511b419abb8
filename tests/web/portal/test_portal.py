from __future__ import annotations

import datetime as dt
import time
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.core.cases import State
from gongkai.web.applications import services
from gongkai.web.applications.models import Application
from gongkai.web.applications.selectors import queue
from gongkai.web.audit.models import AuditEvent
from gongkai.web.common.validators import resident_id_check_digit_correct
from gongkai.web.portal import views as portal_views
from tests.web.conftest import RECEIVED, VALID_ID, FileApplication, Staff, Tree, png_bytes
from tests.web.conftest import application_post as form


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test starts with no requests counted against the public forms' rate limits."""
    cache.clear()


def test_the_valid_id_number_used_here_has_a_correct_check_digit() -> None:
    assert resident_id_check_digit_correct(VALID_ID)
    assert not resident_id_check_digit_correct("640302198001010018")


def test_apply_online_then_see_the_receipt_then_the_status(tree: Tree) -> None:
    client = Client()
    page = client.get(reverse("portal:apply", args=["WZSP"]))
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    response = client.post(reverse("portal:apply", args=["WZSP"]), form())
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:receipt")
    receipt = client.get(reverse("portal:receipt")).content.decode()
    application = Application.objects.get()
    assert application.number in receipt
    assert application.status == State.SUBMITTED
    assert application.channel == "online"
    code = receipt.split('id="query-code">')[1].split("<")[0]
    status = client.post(
        reverse("portal:status"), {"number": application.number, "code": code}
    ).content.decode()
    assert "待登记" in status


def test_the_help_an_applicant_asks_for_reaches_only_the_case_staff(tree: Tree, staff: Staff) -> None:
    """Art. 43: the form asks what help is needed; the officer sees it on the case, the status page never."""
    client = Client()
    help_text = "本人视力障碍，请电话告知办理进展"
    response = client.post(reverse("portal:apply", args=["WZSP"]), form(assistance=help_text))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.assistance == help_text
    code = client.get(reverse("portal:receipt")).content.decode().split('id="query-code">')[1].split("<")[0]
    status = client.post(
        reverse("portal:status"), {"number": application.number, "code": code}
    ).content.decode()
    assert "视力障碍" not in status
    officer = Client()
    officer.force_login(staff.officer)
    page = officer.get(reverse("office:case", args=[application.pk])).content.decode()
    assert "申请人需要帮助（条例第四十三条）：" + help_text in page
    supervisor = Client()
    supervisor.force_login(staff.supervisor)
    assert "视力障碍" not in supervisor.get(reverse("office:case", args=[application.pk])).content.decode()
    too_long = client.post(reverse("portal:apply", args=["WZSP"]), form(assistance="帮" * 201))
    assert "200" in too_long.content.decode()


def test_every_invalid_field_gets_a_clear_chinese_message(tree: Tree) -> None:
    client = Client()
    response = client.post(
        reverse("portal:apply", args=["WZSP"]),
        form(
            name="",
            id_number="640302198001010018",
            phone="abc",
            description="",
            delivery="email",
            email="",
            id_proof=SimpleUploadedFile("id.exe", b"MZ\x90\x00 not an image", content_type="image/png"),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "此项为必填项" in page
    assert "居民身份证号码应为18位，且校验位正确" in page
    assert "请填写有效的联系电话" in page
    assert "选择电子邮件获取时须填写电子邮箱" in page
    assert "不是可接受的格式" in page
    assert not Application.objects.exists()


def test_an_organisation_must_name_a_contact_and_use_an_organisation_id(tree: Tree) -> None:
    response = Client().post(
        reverse("portal:apply", args=["WZSP"]), form(applicant_kind="commercial", contact_name="")
    )
    page = response.content.decode()
    assert "法人或其他组织请选择统一社会信用代码" in page
    assert "法人或其他组织申请须填写联系人" in page


@override_settings(UPLOAD_MAX_BYTES=50)
def test_uploads_over_the_size_limit_are_refused(tree: Tree) -> None:
    response = Client().post(reverse("portal:apply", args=["WZSP"]), form())
    assert "超过" in response.content.decode()
    assert not Application.objects.exists()


@override_settings(GONGKAI_RATE_LIMITS={"apply": "2/h", "status": "3/m", "login": "2/h"})
def test_public_forms_are_rate_limited(tree: Tree) -> None:
    client = Client()
    codes = [client.post(reverse("portal:apply", args=["WZSP"]), form()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Application.objects.count() == 2
    codes = [
        client.post(reverse("portal:status"), {"number": "X", "code": "Y"}).status_code for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    codes = [client.post(reverse("login"), {"username": "a", "password": "b"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_guide_and_home_pages(tree: Tree) -> None:
    client = Client()
    home = client.get(reverse("portal:home")).content.decode()
    assert "吴忠市审批服务管理局" in home
    guide = client.get(reverse("portal:guide", args=["WZSP"])).content.decode()
    assert "吴忠市审批服务管理局政府信息公开指南" in guide
    assert "第三十一条" in guide
    assert "宁夏回族自治区人民政府" in guide
    assert client.get(reverse("portal:guide", args=["NOPE"])).status_code == 404


@pytest.mark.parametrize("url", ["portal:home", "portal:status"])
def test_pages_are_available_in_english(tree: Tree, url: str) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse(url)).content.decode()
    assert 'lang="en"' in page
    assert "Check the progress" in page


def test_a_status_lookup_is_two_queries_with_csrf_and_no_session(
    file_application: FileApplication, staff: Staff, django_assert_num_queries: Any
) -> None:
    application, code = file_application()
    services.application_start_consultation(
        application=application,
        by=staff.officer,
        on=dt.date(2026, 3, 5),
        party="吴忠市某建设有限公司",
        note="征求第三方意见（内部备注）",
    )
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("portal:status"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    lookup = {"number": application.number, "code": code}
    assert client.post(reverse("portal:status"), lookup).status_code == 403
    with django_assert_num_queries(2):
        response = client.post(reverse("portal:status"), {**lookup, "csrfmiddlewaretoken": token})
    page = response.content.decode()
    assert response.status_code == 200
    assert "征求第三方或其他机关意见" in page
    assert "计时暂停" in page
    assert "内部备注" not in page
    assert "吴忠市某建设有限公司" not in page
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_the_status_page_marks_a_reply_deadline_that_has_passed(
    file_application: FileApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    application, code = file_application()  # received 2026-03-02, reply due 2026-03-30
    lookup = {"number": application.number, "code": code}
    monkeypatch.setattr(portal_views, "today", lambda: dt.date(2026, 3, 30))
    assert 'class="deadline late"' not in Client().post(reverse("portal:status"), lookup).content.decode()
    monkeypatch.setattr(portal_views, "today", lambda: dt.date(2026, 3, 31))
    assert 'class="deadline late"' in Client().post(reverse("portal:status"), lookup).content.decode()


def test_the_applicant_downloads_their_own_notices_through_the_status_lookup(
    file_application: FileApplication, staff: Staff, django_assert_num_queries: Any
) -> None:
    """After a lookup with the right code the applicant gets a signed link (30 minutes) to the notices sent to
    them — never the third party's — and each download is in the audit log."""
    application, code = file_application()
    lookup = {"number": application.number, "code": code}
    assert "documents-link" not in Client().post(reverse("portal:status"), lookup).content.decode()
    officer, approver = staff.officer, staff.approver
    a = services.application_start_consultation(
        application=application, by=officer, on=dt.date(2026, 3, 3), party="某公司"
    )
    a = services.application_end_consultation(
        application=a, by=officer, on=dt.date(2026, 3, 5), response="objected", result="商业秘密"
    )
    a = services.application_propose_decision(
        application=a,
        by=officer,
        on=dt.date(2026, 3, 6),
        answer="disclosed",
        text="见附件。",
        public_interest="公共安全",
    )
    a = services.application_approve_decision(application=a, by=approver, on=dt.date(2026, 3, 9))
    client = Client()
    with django_assert_num_queries(2):
        status = client.post(reverse("portal:status"), lookup).content.decode()
    link = status.split('href="')[1:]
    documents_url = next(h.split('"')[0] for h in link if "/status/documents/" in h)
    page = client.get(documents_url)
    assert page["Cache-Control"].startswith("max-age=0")
    listing = page.content.decode()
    decision = a.notices.get(kind="decision")
    third_party = a.notices.get(kind="third_party")
    assert "政府信息公开申请答复告知书" in listing
    assert third_party.number not in listing
    token = documents_url.rstrip("/").split("/")[-1]
    pdf = client.get(reverse("portal:document", args=[token, decision.pk, "pdf"]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    docx = client.get(reverse("portal:document", args=[token, decision.pk, "docx"]))
    assert "attachment" in docx["Content-Disposition"]
    logged = AuditEvent.objects.filter(action="notice.view", object_id=str(a.pk))
    assert [(e.actor, e.details["applicant"]) for e in logged] == [(None, True), (None, True)]
    assert client.get(reverse("portal:document", args=[token, third_party.pk, "pdf"])).status_code == 404
    assert client.get(reverse("portal:document", args=[token, decision.pk, "exe"])).status_code == 404
    other, _ = file_application()
    other = services.application_propose_decision(
        application=other, by=officer, on=dt.date(2026, 3, 6), answer="disclosed", text="x"
    )
    other = services.application_approve_decision(application=other, by=approver, on=dt.date(2026, 3, 9))
    other_notice = other.notices.get()
    assert client.get(reverse("portal:document", args=[token, other_notice.pk, "pdf"])).status_code == 404
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("portal:documents", args=[forged])).status_code == 410
    with mock.patch(
        "django.core.signing.time.time", return_value=time.time() - portal_views.CASE_LINK_MAX_AGE - 5
    ):
        stale = portal_views.case_link_token(a.number)
    expired = client.get(reverse("portal:documents", args=[stale]))
    assert expired.status_code == 410
    assert "链接已失效" in expired.content.decode()
    assert client.get(reverse("portal:document", args=[stale, decision.pk, "pdf"])).status_code == 410


def test_the_applicant_sends_the_correction_online_and_the_officer_records_it(
    file_application: FileApplication, staff: Staff
) -> None:
    application, code = file_application()
    lookup = {"number": application.number, "code": code}
    client = Client()
    assert "reply-link" not in client.post(reverse("portal:status"), lookup).content.decode()
    services.application_request_correction(
        application=application,
        by=staff.officer,
        on=dt.date(2026, 3, 3),
        correction_due=dt.date(2026, 3, 20),
        note="请写明所需文件的文号。",
    )
    status = client.post(reverse("portal:status"), lookup).content.decode()
    reply_url = next(h.split('"')[0] for h in status.split('href="')[1:] if "/status/reply/" in h)
    page = client.get(reply_url).content.decode()
    assert "补正的内容" in page
    refused = client.post(reply_url, {"text": ""}).content.decode()
    assert "此项为必填项。" in refused
    bad_file = client.post(
        reply_url, {"text": "文号为吴审批发〔2025〕3号。", "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00")}
    )
    assert "请修改以下问题" in bad_file.content.decode()
    assert not Application.objects.get(pk=application.pk).events.filter(action="applicant_reply").exists()
    done = client.post(
        reply_url,
        {
            "text": "文号为吴审批发〔2025〕3号。",
            "file": SimpleUploadedFile("补正.png", png_bytes(), content_type="image/png"),
        },
    )
    assert "您的补正已提交给办理机关" in done.content.decode()
    application.refresh_from_db()
    assert (
        application.status == State.AWAITING_CORRECTION
    )  # the officer records the correction, not the portal
    event = application.events.get(action="applicant_reply")
    assert (event.actor, event.note, event.data["kind"]) == (
        None,
        "文号为吴审批发〔2025〕3号。",
        "correction",
    )
    assert application.attachments.filter(kind="correction").count() == 1
    assert AuditEvent.objects.filter(action="application.applicant_reply", actor=None).count() == 1
    officer = Client()
    officer.force_login(staff.officer)
    case_page = officer.get(reverse("office:case", args=[application.pk])).content.decode()
    assert 'id="applicant-reply"' in case_page
    assert "文号为吴审批发〔2025〕3号。" in case_page
    supervisor = Client()
    supervisor.force_login(staff.supervisor)
    assert (
        "文号为吴审批发" not in supervisor.get(reverse("office:case", args=[application.pk])).content.decode()
    )
    services.application_record_correction(application=application, by=staff.officer, on=dt.date(2026, 3, 5))
    case_page = officer.get(reverse("office:case", args=[application.pk])).content.decode()
    assert 'id="applicant-reply"' not in case_page
    # Nothing more is awaited: the page says so and accepts nothing.
    closed = client.post(reply_url, {"text": "再补充一点"}).content.decode()
    assert "本申请目前不需要补正或说明理由" in closed
    assert application.events.filter(action="applicant_reply").count() == 1


def test_the_applicant_explains_a_mass_request_online(
    file_application: FileApplication, staff: Staff
) -> None:
    application, code = file_application()
    services.application_ask_reasons(
        application=application,
        by=staff.officer,
        on=RECEIVED,
        reasons_due=dt.date(2026, 3, 9),
        note="请说明理由",
    )
    client = Client()
    status = client.post(
        reverse("portal:status"), {"number": application.number, "code": code}
    ).content.decode()
    assert "在线说明申请理由" in status
    reply_url = next(h.split('"')[0] for h in status.split('href="')[1:] if "/status/reply/" in h)
    assert "申请理由的说明" in client.get(reply_url).content.decode()
    client.post(reply_url, {"text": "用于撰写本地行政许可研究报告。"})
    event = application.events.get(action="applicant_reply")
    assert event.data == {"kind": "reasons"}
    forged = reply_url.rstrip("/")[:-3] + "xyz/"
    assert client.get(forged).status_code == 410


def test_the_applicant_withdraws_online_and_the_officer_records_it(
    file_application: FileApplication, staff: Staff
) -> None:
    application, code = file_application()
    client = Client()
    status = client.post(
        reverse("portal:status"), {"number": application.number, "code": code}
    ).content.decode()
    withdraw_url = next(h.split('"')[0] for h in status.split('href="')[1:] if "/status/withdraw/" in h)
    unconfirmed = client.post(withdraw_url, {"reason": "已经在网站上找到了"}).content.decode()
    assert "请勾选确认后再提交。" in unconfirmed
    done = client.post(withdraw_url, {"confirm": "on", "reason": "已经在网站上找到了"}).content.decode()
    assert 'id="withdraw-done"' in done
    again = client.post(withdraw_url, {"confirm": "on"}).content.decode()
    assert "您已经提交了撤回申请" in again
    application.refresh_from_db()
    assert application.status == State.PROCESSING  # the officer records it
    event = application.events.get(action="withdrawal_request")
    assert (event.actor, event.note) == (None, "已经在网站上找到了")
    officer = Client()
    officer.force_login(staff.officer)
    assert (
        'id="withdrawal-request"'
        in officer.get(reverse("office:case", args=[application.pk])).content.decode()
    )
    replied = queue(staff.officer, "applicant_replied", today=dt.date(2026, 3, 4))
    assert [a.number for a in replied] == [application.number]
    services.application_withdraw(application=application, by=staff.officer, on=dt.date(2026, 3, 4))
    assert not queue(staff.officer, "applicant_replied", today=dt.date(2026, 3, 4)).exists()
    page = officer.get(reverse("office:case", args=[application.pk])).content.decode()
    assert 'id="withdrawal-request"' not in page
    status = client.post(
        reverse("portal:status"), {"number": application.number, "code": code}
    ).content.decode()
    assert "withdraw-link" not in status
    assert "已经作出答复或已经办结" in client.post(withdraw_url, {"confirm": "on"}).content.decode()
