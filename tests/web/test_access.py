"""Who sees what: 404 for other agencies (case, files, notices), masked data for supervisors, audited views."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse

from gongkai.web.applications import services
from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import RECEIVED, FileApplication, Staff, client_for


def views_logged(application: Any, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, object_type="applications.application", object_id=str(application.pk)
        )
    )


@pytest.fixture
def decided(file_application: FileApplication, staff: Staff) -> Any:
    application, _ = file_application()
    a = services.application_propose_decision(
        application=application, by=staff.officer, on=RECEIVED, answer="disclosed", text="见附件。"
    )
    return services.application_approve_decision(application=a, by=staff.approver, on=RECEIVED)


def _streamed(response: HttpResponseBase) -> bytes:
    """The whole body of a streamed (file) response."""
    assert isinstance(response, StreamingHttpResponse)
    chunks = response.streaming_content
    assert isinstance(chunks, Iterator)  # the WSGI test client streams synchronously
    return b"".join(chunks)


def test_another_agencys_officer_gets_404_for_the_case_its_files_and_notices(
    decided: Any, staff: Staff
) -> None:
    client = client_for(staff.other_officer)
    attachment = decided.attachments.get()
    notice = decided.notices.get()
    urls = [
        reverse("office:case", args=[decided.pk]),
        reverse("office:file", args=[decided.pk, attachment.pk]),
        reverse("office:notice", args=[decided.pk, notice.pk, "pdf"]),
        reverse("office:act", args=[decided.pk, "record_service"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("office:note", args=[decided.pk]), {"text": "x"})
    assert response.status_code == 404
    assert not views_logged(decided, "application.view")
    # A logged-in person with no role anywhere gets 404 too; an anonymous visitor is sent to log in.
    assert client_for(staff.outsider).get(urls[0]).status_code == 404
    assert Client().get(urls[0]).status_code == 302


def test_staff_of_the_agency_see_personal_data_and_every_view_is_audited(decided: Any, staff: Staff) -> None:
    client = client_for(staff.officer)
    response = client.get(reverse("office:case", args=[decided.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "马建国" in page
    assert "640302198001010011" in page
    [event] = views_logged(decided, "application.view")
    assert event.actor == staff.officer
    assert event.details["personal_data"] is True
    attachment = decided.attachments.get()
    response = client.get(reverse("office:file", args=[decided.pk, attachment.pk]))
    assert response.status_code == 200
    assert _streamed(response).startswith(b"\x89PNG")
    assert views_logged(decided, "attachment.view")[0].details["id"] == attachment.pk
    notice = decided.notices.get()
    response = client.get(reverse("office:notice", args=[decided.pk, notice.pk, "pdf"]))
    assert _streamed(response).startswith(b"%PDF")
    assert views_logged(decided, "notice.view")


def test_a_supervisor_sees_the_subtree_read_only_with_personal_data_masked(
    decided: Any, staff: Staff
) -> None:
    client = client_for(staff.supervisor)
    response = client.get(reverse("office:case", args=[decided.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "马建国" not in page
    assert "640302198001010011" not in page
    assert "马**" in page
    assert reverse("office:act", args=[decided.pk, "record_service"]) not in page
    [event] = views_logged(decided, "application.view")
    assert event.details["personal_data"] is False
    attachment = decided.attachments.get()
    assert client.get(reverse("office:file", args=[decided.pk, attachment.pk])).status_code == 404
    notice = decided.notices.get()
    assert client.get(reverse("office:notice", args=[decided.pk, notice.pk, "docx"])).status_code == 404
    response = client.post(
        reverse("office:act", args=[decided.pk, "record_service"]), {"on": "2026-03-03", "how": "post"}
    )
    assert response.status_code == 200
    decided.refresh_from_db()
    assert decided.status == "decided"
    assert "须由承办人办理" in response.content.decode()


def test_the_case_page_shows_only_the_lawful_next_actions(
    file_application: FileApplication, staff: Staff
) -> None:
    application, _ = file_application()
    officer_page = (
        client_for(staff.officer).get(reverse("office:case", args=[application.pk])).content.decode()
    )
    for action in [
        "request_correction",
        "start_consultation",
        "request_extension",
        "notify_fee",
        "propose_decision",
        "withdraw",
        "ask_reasons",
    ]:
        assert reverse("office:act", args=[application.pk, action]) in officer_page
    for action in [
        "approve_decision",
        "approve_extension",
        "record_service",
        "register",
        "close",
        "set_reply_date",
    ]:
        assert reverse("office:act", args=[application.pk, action]) not in officer_page
    approver_page = (
        client_for(staff.approver).get(reverse("office:case", args=[application.pk])).content.decode()
    )
    assert "/act/" not in approver_page


def test_the_status_page_reveals_nothing_without_the_right_code(
    file_application: FileApplication, staff: Staff
) -> None:
    application, code = file_application()
    client = Client()
    wrong = client.post(reverse("portal:status"), {"number": application.number, "code": "ABCD-EFGH"})
    unknown = client.post(reverse("portal:status"), {"number": "WZSP-2026-9999", "code": code})
    for response in (wrong, unknown):
        page = response.content.decode()
        assert response.status_code == 200
        assert "申请编号或查询码不正确" in page
        assert "办理过程" not in page
        assert "吴忠市审批服务管理局" not in page
    right = client.post(reverse("portal:status"), {"number": application.number.lower(), "code": code})
    page = right.content.decode()
    assert "办理中" in page
    assert "答复期限" in page
    assert "马建国" not in page
    assert "13995300001" not in page
    assert "640302198001010011" not in page


def test_a_file_lost_from_storage_is_a_clear_page_and_a_lost_notice_is_rendered_again(
    decided: Any, staff: Staff, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(staff.officer)
    attachment = decided.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    response = client.get(reverse("office:file", args=[decided.pk, attachment.pk]))
    assert response.status_code == 404
    assert "文件不在存储中" in response.content.decode()
    assert any("missing" in record.getMessage() for record in caplog.records)
    notice_url = reverse("office:notice", args=[decided.pk, decided.notices.get().pk, "pdf"])
    first = _streamed(client.get(notice_url))
    assert first.startswith(b"%PDF")
    notice = decided.notices.get()
    notice.pdf.storage.delete(notice.pdf.name)
    again = client.get(notice_url)
    assert again.status_code == 200
    assert _streamed(again).startswith(b"%PDF")
