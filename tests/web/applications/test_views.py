"""Back-office pages through the real forms and views: the Art. 35 actions, e-mailing a notice."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.errors import TransitionError
from gongkai.web.applications import services
from gongkai.web.applications.models import Notice
from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import APPLICANT, RECEIVED, FileApplication, Staff, client_for, png_bytes


def test_reasons_then_a_later_reply_date_through_the_action_pages(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    officer, approver = client_for(staff.officer), client_for(staff.approver)
    ask = reverse("office:act", args=[application.pk, "ask_reasons"])
    page = officer.get(ask).content.decode()
    assert "需要申请人说明的事项" in page
    assert "说明理由的期限" in page
    refused = officer.post(ask, {"on": "2026-03-04", "reasons_due": "2026-03-03", "note": "请说明理由"})
    assert "说明理由的期限应当晚于发出通知的日期" in refused.content.decode()
    done = officer.post(ask, {"on": "2026-03-04", "reasons_due": "2026-03-11", "note": "请说明理由"})
    assert done.status_code == 302
    again = officer.get(ask, follow=True).content.decode()
    assert "本申请已经要求申请人说明过理由。" in again  # the real reason, not the state
    case_page = approver.get(reverse("office:case", args=[application.pk])).content.decode()
    set_date = reverse("office:act", args=[application.pk, "set_reply_date"])
    assert set_date in case_page
    assert "要求说明理由通知书" in case_page
    assert "说明理由期限2026年3月11日" in case_page
    # No later date before the applicant's reasons are in: the officer files the letter that brought them.
    refused = approver.post(set_date, {"on": "2026-03-12", "reply_on": "2026-05-29", "note": "文件数量巨大"})
    assert "尚未收到申请人说明的理由" in refused.content.decode()
    letter = SimpleUploadedFile("申请理由说明.png", png_bytes(), "image/png")
    filed = officer.post(reverse("office:attach", args=[application.pk]), {"kind": "reasons", "file": letter})
    assert filed.status_code == 302
    done = approver.post(set_date, {"on": "2026-03-12", "reply_on": "2026-05-29", "note": "文件数量巨大"})
    assert done.status_code == 302
    case_page = officer.get(reverse("office:case", args=[application.pk])).content.decode()
    assert "确定延迟答复的合理期限" in case_page
    assert "2026年5月29日" in case_page
    assert "延迟答复告知书" in case_page
    assert reverse("office:act", args=[application.pk, "request_extension"]) not in case_page
    assert set(Notice.objects.filter(application=application).values_list("kind", flat=True)) == {
        "reasons",
        "deferral",
    }


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_art_35_pages_render_in_both_languages(
    file_application: FileApplication, staff: Staff, lang: str
) -> None:
    application, _ = file_application()
    client = client_for(staff.officer)
    client.post(reverse("set_language"), {"language": lang, "next": "/"})
    response = client.get(reverse("office:act", args=[application.pk, "ask_reasons"]))
    assert response.status_code == 200
    expected = "Ask the applicant for reasons" if lang == "en" else "要求申请人说明理由"
    assert expected in response.content.decode()


def test_a_notice_is_emailed_to_the_applicant_as_pdf(
    file_application: FileApplication, staff: Staff, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    applicant = dataclasses.replace(APPLICANT, email="ma@example.com")
    application, _ = file_application(applicant=applicant)
    a = services.application_propose_decision(
        application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件。"
    )
    a = services.application_approve_decision(application=a, by=staff.approver, on=RECEIVED)
    notice = a.notices.get()
    send = reverse("office:notice_email", args=[a.pk, notice.pk])
    officer = client_for(staff.officer)
    case_page = officer.get(reverse("office:case", args=[a.pk])).content.decode()
    assert send in case_page
    assert officer.get(send).status_code == 405  # a send is a POST, with CSRF
    page = officer.post(send, follow=True).content.decode()
    assert "已将“政府信息公开申请答复告知书”发送至 ma@example.com。" in page
    [sent] = mail.outbox
    assert sent.to == ["ma@example.com"]
    assert notice.number in sent.subject
    assert "马建国" in sent.body
    [(filename, content, mimetype)] = sent.attachments
    assert filename.endswith(".pdf")
    assert content.startswith(b"%PDF")
    assert mimetype == "application/pdf"
    assert a.events.filter(action="email_notice").count() == 1
    assert "通过电子邮件发送文书" in page
    [logged] = AuditEvent.objects.filter(action="notice.email")
    assert logged.details["to"] == "ma@example.com"
    assert logged.actor == staff.officer
    # A supervisor reads the case but sends nothing; another agency does not see it at all.
    assert client_for(staff.supervisor).post(send).status_code == 404
    assert client_for(staff.other_officer).post(send).status_code == 404
    assert len(mail.outbox) == 1


def test_a_notice_is_not_emailed_without_an_address_or_when_the_server_refuses(
    file_application: FileApplication, staff: Staff, settings: Any
) -> None:
    application, _ = file_application()  # no e-mail address
    a = services.application_propose_decision(
        application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件。"
    )
    a = services.application_approve_decision(application=a, by=staff.approver, on=RECEIVED)
    notice = a.notices.get()
    officer = client_for(staff.officer)
    assert (
        reverse("office:notice_email", args=[a.pk, notice.pk])
        not in officer.get(reverse("office:case", args=[a.pk])).content.decode()
    )
    with pytest.raises(TransitionError, match="没有填写电子邮箱"):
        services.notice_send_by_email(notice=notice, by=staff.officer)
    a.applicant.email = "ma@example.com"
    a.applicant.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    notices_dir = Path(settings.MEDIA_ROOT) / "notices"
    files_before = sorted(p for p in notices_dir.rglob("*") if p.is_file())
    page = officer.post(reverse("office:notice_email", args=[a.pk, notice.pk]), follow=True).content.decode()
    assert "邮件发送失败" in page
    assert not a.events.filter(action="email_notice").exists()
    assert not AuditEvent.objects.filter(action="notice.email").exists()
    # The PDF rendered for the mail went with the rolled-back action: no file on disk that no row names.
    notice.refresh_from_db()
    assert not notice.pdf
    assert sorted(p for p in notices_dir.rglob("*") if p.is_file()) == files_before


def test_the_correction_notice_deadline_is_shown_until_the_case_is_answered(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    client = client_for(staff.officer)
    page = client.get(reverse("office:case", args=[application.pk])).content.decode()
    assert "告知补正期限" in page
    services.application_propose_decision(
        application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="予以公开。"
    )
    page = client.get(reverse("office:case", args=[application.pk])).content.decode()
    assert "告知补正期限" in page  # proposed, not yet answered: the approver may still send it back
    services.application_approve_decision(application=application, by=staff.approver, on=RECEIVED)
    page = client.get(reverse("office:case", args=[application.pk])).content.decode()
    assert "答复期限" in page
    assert "告知补正期限" not in page
