"""The demo: built through the services, every state present, none received in 2021, table 三 consistent."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.core.cases import State
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.models import Application
from gongkai.web.applications.selectors import public_status_by_number_and_code
from gongkai.web.demo import DEMO_PASSWORD, DEMO_QUERY_CODE, DEMO_USERS, load_demo
from gongkai.web.reports.selectors import table3_report
from tests.web.crawl import crawl

pytestmark = pytest.mark.slow


def test_the_demo(db: Any, django_user_model: Any) -> None:
    result = load_demo()
    assert result.created
    assert 300 <= result.cases <= 400
    assert set(result.states) == {s.value for s in State}
    bureau = Agency.objects.get(code="WZSP")
    assert bureau.parent is not None
    assert bureau.parent.name == "吴忠市人民政府"
    assert bureau.parent.parent is not None
    assert bureau.parent.parent.name == "宁夏回族自治区人民政府"
    assert not Application.objects.filter(received_on__year=2021).exists()
    assert not Application.objects.filter(arrived_on__year=2021).exists()
    years = set(Application.objects.exclude(received_on=None).values_list("received_on__year", flat=True))
    assert years == {2022, 2023, 2024, 2025, 2026}
    empty = table3_report(bureau, 2021)
    assert all(v == 0 for k, v in empty.report.cells.items() if k.startswith("t3."))
    for year in range(2022, 2027):
        table = table3_report(bureau, year)
        assert table.findings == (), year
        new_total = table.report.cells["t3.new.total"]
        assert new_total is not None
        assert new_total > 0
    for username in DEMO_USERS:
        assert django_user_model.objects.get(username=username).check_password(DEMO_PASSWORD)
    again = load_demo()
    assert not again.created
    assert again.cases == result.cases
    assert again.sample_number == result.sample_number
    assert result.sample_number is not None
    sample = public_status_by_number_and_code(result.sample_number, DEMO_QUERY_CODE)
    assert sample is not None
    assert sample.status == State.SERVED


def test_no_page_of_the_demo_answers_with_a_server_error(db: Any) -> None:
    """Every kind of page reachable by links, for the public, an officer and a supervisor (the approver's and
    the administrator's pages are the officer's with other buttons), each asked again with its numbers and
    parameters spoiled (tests/web/crawl.py)."""
    load_demo()
    anonymous = crawl(Client(), "/", "/catalogue/", "/annual-reports/")
    assert len(anonymous.pages) >= 20, anonymous.pages
    for username in ("wzsp_officer", "wz_supervisor"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        walked = crawl(client, "/office/")
        assert len(walked.pages) >= 60, (username, len(walked.pages))
        assert walked.spoiled >= 100, (username, walked.spoiled)
