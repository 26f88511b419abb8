"""A case's page of who looked at it and what was done to it, read from the audit log."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.core.cases import TRANSITIONS
from gongkai.web.applications import services, views
from gongkai.web.audit.models import AuditEvent
from gongkai.web.audit.services import audit_record
from gongkai.web.common.templatetags.gongkai import audit_label
from tests.web.conftest import FileApplication, Staff, client_for


def test_the_head_the_administrator_and_the_supervisor_read_who_saw_the_case(
    staff: Staff, file_application: FileApplication
) -> None:
    application, _code = file_application(register=False)
    case_url = reverse("office:case", args=[application.pk])
    trail_url = reverse("office:audit", args=[application.pk])

    officer_page = client_for(staff.officer).get(case_url)
    assert trail_url not in officer_page.content.decode()
    assert client_for(staff.officer).get(trail_url).status_code == 403
    assert client_for(staff.other_officer).get(trail_url).status_code == 404
    assert client_for(staff.outsider).get(trail_url).status_code == 404
    client_for(staff.supervisor).get(case_url)

    for reader in (staff.approver, staff.admin):
        assert trail_url in client_for(reader).get(case_url).content.decode()
    page = client_for(staff.approver).get(trail_url).content.decode()
    rows = re.findall(r"<tr>\s*<td class=\"nowrap\">.*?</tr>", page, re.S)
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    # Newest first: the approver's reading of this page is itself on it.
    assert "张伟 approver 查看访问和操作记录" in text[0]
    assert any("杨军 supervisor 查看案件 个人信息已隐去" in row for row in text)
    assert any("李明 officer 查看案件 含申请人个人信息" in row for row in text)
    assert "申请人 创建申请" in text[-1]
    assert client_for(staff.supervisor).get(trail_url).status_code == 200

    readings = AuditEvent.objects.filter(action="audit_log.view", object_id=str(application.pk))
    assert sorted(readings.values_list("actor__username", flat=True)) == ["approver", "supervisor"]


def test_the_trail_is_paged_in_a_fixed_number_of_queries(
    staff: Staff, file_application: FileApplication
) -> None:
    application, _code = file_application()
    client = client_for(staff.approver)
    url = reverse("office:audit", args=[application.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(views.AUDIT_TRAIL_PAGE_SIZE + 5):
        audit_record(
            actor=staff.officer2, action="application.view", obj=application, agency=application.agency
        )
    with CaptureQueriesContext(connection) as many:
        first = client.get(url).content.decode()
    assert len(many) == len(few)
    assert first.count("王芳") == views.AUDIT_TRAIL_PAGE_SIZE - 1  # the newest row is this reading
    second = client.get(url, {"page": 2}).content.decode()
    assert "第 2 / 2 页" in second
    assert "创建申请" in second


def test_every_code_a_case_is_logged_under_has_a_label() -> None:
    source = Path(services.__file__).read_text(encoding="utf-8")
    literal = set(re.findall(r'action="((?:application|attachment|notice)\.[a-z_]+)"', source))
    assert {"application.create", "attachment.add", "notice.issue"} <= literal
    codes = literal | {f"application.{action.value}" for action in TRANSITIONS}
    codes |= {f"{what}.view" for what in ("application", "attachment", "notice", "audit_log")}
    assert [code for code in sorted(codes) if audit_label(code) == code] == []
