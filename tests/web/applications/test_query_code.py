"""A lost query code: the handling officer issues a new one, the old one stops working, and it is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core.errors import TransitionError
from gongkai.web.applications import services
from gongkai.web.applications.models import Event
from gongkai.web.applications.selectors import public_status_by_number_and_code
from gongkai.web.audit.models import AuditEvent
from tests.web.conftest import FileApplication, Staff


def test_a_new_code_replaces_the_old_one(file_application: FileApplication, staff: Staff) -> None:
    application, old = file_application()
    new = services.application_reissue_query_code(application=application, by=staff.officer)
    assert new != old
    assert public_status_by_number_and_code(application.number, old) is None
    found = public_status_by_number_and_code(application.number, new)
    assert found is not None
    assert [step.action for step in found.events if step.action == "reissue_code"] == []  # not shown publicly
    assert Event.objects.filter(application=application, action="reissue_code", public=False).count() == 1
    assert AuditEvent.objects.filter(action="application.reissue_code", actor=staff.officer).count() == 1


def test_only_an_officer_of_the_handling_agency_may_reissue(
    file_application: FileApplication, staff: Staff
) -> None:
    application, code = file_application()
    for someone in (staff.approver, staff.supervisor, staff.other_officer):
        with pytest.raises(TransitionError, match="承办人"):
            services.application_reissue_query_code(application=application, by=someone)
    with pytest.raises(TransitionError, match="8位"):
        services.application_reissue_query_code(application=application, by=staff.officer, code="ABC")
    assert public_status_by_number_and_code(application.number, code) is not None  # nothing changed


def test_the_case_page_offers_it_and_shows_the_new_code_once(
    client: Client, file_application: FileApplication, staff: Staff
) -> None:
    application, old = file_application()
    url = reverse("office:reissue_code", args=[application.pk])
    client.force_login(staff.officer)
    assert url in client.get(reverse("office:case", args=[application.pk])).content.decode()
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    code = page.split('id="query-code">', 1)[1].split("<", 1)[0]
    assert public_status_by_number_and_code(application.number, code) is not None
    assert public_status_by_number_and_code(application.number, old) is None
    client.force_login(staff.supervisor)
    assert url not in client.get(reverse("office:case", args=[application.pk])).content.decode()
    client.force_login(staff.other_officer)
    assert client.post(url).status_code == 404
