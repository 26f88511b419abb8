"""Filing through the public form: one case per form however often it is sent, a receipt shown once, limits that
count filed applications, and the status page as an applicant types and reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.web.applications import services
from gongkai.web.applications.models import Application
from tests.web.conftest import RECEIVED, FileApplication, Staff, Tree
from tests.web.conftest import application_post as form

APPLY = reverse("portal:apply", args=["WZSP"])


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _token(page: str) -> str:
    return page.split('name="submission_token" value="')[1].split('"')[0]


def test_the_same_form_sent_twice_files_one_application_and_shows_its_receipt(tree: Tree) -> None:
    client = Client()
    token = _token(client.get(APPLY).content.decode())
    first = client.post(APPLY, form(submission_token=token))
    assert first.status_code == 302
    # A double click: the browser never showed the first answer, the second finds the same receipt.
    second = client.post(APPLY, form(submission_token=token))
    assert second["Location"] == reverse("portal:receipt")
    assert Application.objects.count() == 1
    number = Application.objects.get().number
    assert number in client.get(reverse("portal:receipt")).content.decode()
    # Once the receipt was shown, sending the form again says the application is in, under its number.
    again = client.post(APPLY, form(submission_token=token))
    assert again.status_code == 409
    assert number in again.content.decode()
    assert "没有重复提交" in again.content.decode()
    assert Application.objects.count() == 1
    # A new visit to the form is a new application.
    fresh = _token(client.get(APPLY).content.decode())
    assert fresh != token
    assert client.post(APPLY, form(submission_token=fresh)).status_code == 302
    assert Application.objects.count() == 2


def test_the_receipt_is_shown_once_and_never_cached(tree: Tree) -> None:
    client = Client()
    client.post(APPLY, form())
    receipt = client.get(reverse("portal:receipt"))
    assert "query-code" in receipt.content.decode()
    assert "no-store" in receipt["Cache-Control"]
    # The next person at a shared computer going back to the page finds nothing.
    assert client.get(reverse("portal:receipt"))["Location"] == reverse("portal:home")


@override_settings(GONGKAI_RATE_LIMITS={"apply": "2/h", "apply_attempt": "5/h"})
def test_mistakes_do_not_use_up_the_applications_allowed(tree: Tree) -> None:
    client = Client()
    for _ in range(3):
        refused = client.post(APPLY, form(phone="x"))
        assert refused.status_code == 200
    assert client.post(APPLY, form()).status_code == 302
    assert client.post(APPLY, form()).status_code == 302  # both applications allowed, after three mistakes
    assert (
        client.post(APPLY, form(phone="x")).status_code == 429
    )  # the sixth attempt: over the generous limit
    assert Application.objects.count() == 2


@override_settings(GONGKAI_RATE_LIMITS={"apply": "1/h"})
def test_a_refusal_for_too_many_applications_says_when_to_try_again(tree: Tree) -> None:
    client = Client()
    assert client.post(APPLY, form()).status_code == 302
    refused = client.post(APPLY, form())
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "分钟后再试" in refused.content.decode()


def test_the_status_page_takes_the_number_and_code_as_a_chinese_input_method_types_them(
    file_application: FileApplication,
) -> None:
    application, code = file_application()
    wide = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"})
    page = Client().post(
        reverse("portal:status"), {"number": application.number.translate(wide), "code": code.translate(wide)}
    )
    assert application.number in page.content.decode()
    assert "不正确" not in page.content.decode()


def test_a_pause_still_open_is_counted_up_to_today_on_the_status_page(
    file_application: FileApplication, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    application, code = file_application()
    services.application_start_consultation(
        application=application, by=staff.officer, on=RECEIVED, party="某公司"
    )

    def shown_due(today: dt.date) -> str:
        monkeypatch.setattr("gongkai.web.portal.views.today", lambda: today)
        page = Client().post(reverse("portal:status"), {"number": application.number, "code": code})
        return page.content.decode()

    # Paused since 2 March (the day of receipt): as of 16 March, the reply cannot be due before 14 April.
    assert "2026年4月14日" in shown_due(dt.date(2026, 3, 16))
    assert "2026年4月14日" not in shown_due(dt.date(2026, 3, 20))


def test_after_asking_to_withdraw_the_status_page_offers_nothing_more_to_send(
    file_application: FileApplication, staff: Staff
) -> None:
    application, code = file_application()
    services.application_request_correction(
        application=application,
        by=staff.officer,
        on=RECEIVED,
        correction_due=dt.date(2026, 3, 10),
        note="写明文号",
    )
    lookup = {"number": application.number, "code": code}
    before = Client().post(reverse("portal:status"), lookup).content.decode()
    assert 'id="reply-link"' in before
    assert 'id="withdraw-link"' in before
    services.application_request_withdrawal_online(application=application, reason="不需要了")
    after = Client().post(reverse("portal:status"), lookup).content.decode()
    assert 'id="withdrawal-pending"' in after
    assert 'id="reply-link"' not in after
    assert 'id="withdraw-link"' not in after


def test_an_application_not_yet_registered_can_be_withdrawn_online(
    file_application: FileApplication, staff: Staff
) -> None:
    application, code = file_application(register=False)
    lookup = {"number": application.number, "code": code}
    page = Client().post(reverse("portal:status"), lookup).content.decode()
    assert 'id="withdraw-link"' in page
    services.application_request_withdrawal_online(application=application, reason="填错了")
    officer = Client()
    officer.force_login(staff.officer)
    case = officer.get(reverse("office:case", args=[application.pk])).content.decode()
    assert "在线要求撤回尚未登记的申请" in case
    services.application_discard(application=application, by=staff.officer, on=RECEIVED, reason="申请人撤回")
    after = Client().post(reverse("portal:status"), lookup).content.decode()
    assert 'id="withdraw-link"' not in after
