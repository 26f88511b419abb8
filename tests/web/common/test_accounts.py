"""Staff accounts: the logins' limits count failed attempts only and cover the configuration site too; the
configuration site is for system administrators; everyone changes their own password."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import PASSWORD, FileApplication, Staff


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@override_settings(GONGKAI_RATE_LIMITS={"login": "3/h"})
def test_colleagues_logging_in_from_one_address_do_not_lock_each_other_out(staff: Staff) -> None:
    for _ in range(5):
        client = Client()
        response = client.post(reverse("login"), {"username": staff.officer.username, "password": PASSWORD})
        assert response.status_code == 302
    guesses = [
        Client().post(reverse("login"), {"username": "x", "password": "y"}).status_code for _ in range(4)
    ]
    assert guesses == [200, 200, 200, 429]


@override_settings(GONGKAI_RATE_LIMITS={"login": "2/h"})
def test_the_configuration_site_s_password_cannot_be_guessed_without_end(staff: Staff) -> None:
    staff.admin.is_superuser = staff.admin.is_staff = True
    staff.admin.save()
    client = Client()
    wrong = {"username": staff.admin.username, "password": "wrong-password"}
    codes = [client.post("/admin/login/", wrong).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    right = {"username": staff.admin.username, "password": PASSWORD}
    assert client.post("/admin/login/", right).status_code == 429  # until the window ends


def test_only_system_administrators_reach_the_configuration_site(staff: Staff) -> None:
    clerk = staff.officer
    clerk.is_staff = True
    clerk.save()
    client = Client()
    client.force_login(clerk)
    assert client.get("/admin/agencies/staffmembership/").status_code == 302  # to the admin's login
    staff.admin.is_superuser = staff.admin.is_staff = True
    staff.admin.save()
    client.force_login(staff.admin)
    assert client.get("/admin/agencies/staffmembership/").status_code == 200


def test_a_member_of_staff_changes_their_own_password(staff: Staff) -> None:
    client = Client()
    client.force_login(staff.officer)
    page = client.get(reverse("password_change")).content.decode()
    assert "修改密码" in page
    weak = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 200
    refusal = weak.content.decode()
    # Every reason in Chinese, the length one included (Django's own Chinese catalogue lacks it).
    assert "密码太短，至少需要12个字符。" in refusal
    assert "This password" not in refusal
    new = "Another-Strong-Pass-42"
    done = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert done["Location"] == reverse("password_change_done")
    assert User.objects.get(pk=staff.officer.pk).check_password(new)
    assert AuditEvent.objects.filter(action="user.password_change", actor=staff.officer).exists()
    assert client.get(reverse("office:dashboard")).status_code == 200  # still logged in


def test_changes_made_in_the_configuration_site_are_in_the_audit_log(
    staff: Staff, file_application: FileApplication
) -> None:
    from gongkai.web.agencies.models import StaffMembership
    from gongkai.web.notices.models import NoticeTemplate

    staff.admin.is_superuser = staff.admin.is_staff = True
    staff.admin.save()
    client = Client()
    client.force_login(staff.admin)
    new = "Brand-New-Password-77"
    response = client.post(
        f"/admin/auth/user/{staff.officer2.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    membership = StaffMembership.objects.filter(user=staff.officer2).first()
    assert membership is not None
    assert (
        client.post(f"/admin/agencies/staffmembership/{membership.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    template = NoticeTemplate.objects.filter(kind="fee", agency=None).get()
    client.post(
        f"/admin/notices/noticetemplate/{template.pk}/change/",
        {"kind": "fee", "agency": "", "title": template.title, "body": template.body + "\n（本局）"},
    )
    application, _ = file_application()
    assert client.get(f"/admin/applications/application/{application.pk}/change/").status_code == 200
    actions = set(AuditEvent.objects.filter(actor=staff.admin).values_list("action", flat=True))
    assert {"user.password_set", "membership.delete", "notice_template.change", "application.view"} <= actions


def test_logging_out_by_a_link_asks_first_and_logging_out_is_a_post(staff: Staff) -> None:
    client = Client()
    client.force_login(staff.officer)
    page = client.get(reverse("logout"))
    assert page.status_code == 200
    assert "确定要退出吗" in page.content.decode()
    assert client.get(reverse("office:dashboard")).status_code == 200  # still logged in
    assert client.post(reverse("logout")).status_code == 302
    assert "您已退出登录" in client.get(reverse("logout")).content.decode()
    assert client.get(reverse("office:dashboard")).status_code == 302  # to the login page
