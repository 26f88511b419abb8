"""The admin is for configuration; what it saves goes through the services and the audit log."""

from __future__ import annotations

from typing import Any

from django.test import Client

from gongkai.web.agencies.models import Agency, StaffMembership
from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import Staff, Tree


def admin_client(django_user_model: Any) -> Client:
    user = django_user_model.objects.create_superuser("root", "root@example.com", "Root-Password-2026")
    client = Client()
    client.force_login(user)
    return client


def test_creating_an_agency_in_the_admin_places_it_in_the_tree(tree: Tree, django_user_model: Any) -> None:
    client = admin_client(django_user_model)
    response = client.post(
        "/admin/agencies/agency/add/",
        {
            "name": "吴忠市利通区人民政府",
            "level": "county",
            "parent": tree.city.pk,
            "code": "LTQ",
            "notice_prefix": "利政公开",
            "accepts_online": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    county = Agency.objects.get(code="LTQ")
    assert county.path == f"{tree.city.path}{county.pk}/"
    assert AuditEvent.objects.filter(action="agency.create", object_id=str(county.pk)).exists()
    for url in (
        "/admin/",
        "/admin/agencies/agency/",
        f"/admin/agencies/agency/{county.pk}/change/",
        "/admin/notices/noticetemplate/",
        "/admin/audit/auditevent/",
        "/admin/applications/application/",
    ):
        assert client.get(url).status_code == 200, url


def test_a_membership_saved_in_the_admin_is_audited(tree: Tree, staff: Staff, django_user_model: Any) -> None:
    client = admin_client(django_user_model)
    response = client.post(
        "/admin/agencies/staffmembership/add/",
        {"user": staff.outsider.pk, "agency": tree.other.pk, "role": "approver", "active": "on"},
    )
    assert response.status_code == 302
    membership = StaffMembership.objects.get(user=staff.outsider)
    [event] = AuditEvent.objects.filter(action="membership.change", object_id=str(membership.pk))
    assert event.details["role"] == "approver"
