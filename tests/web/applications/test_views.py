"""The back-office action pages of Art. 35, through the real forms and views."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.web.applications.models import Notice
from tests.web.conftest import FileApplication, Staff


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


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
