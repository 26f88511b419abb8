"""Fixtures of the web tests: an agency tree, staff in every role, and a helper that files applications."""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook
from PIL import Image

from gongkai.web.agencies import services as agency_services
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import services
from gongkai.web.applications.models import Application
from gongkai.web.common import clock

PASSWORD = "Test-Password-2026"
# A Monday in a year whose working-day arrangement is loaded.
RECEIVED = dt.date(2026, 3, 2)


@dataclass
class Tree:
    province: Agency
    city: Agency
    bureau: Agency
    other: Agency


@dataclass
class Staff:
    officer: User
    officer2: User
    approver: User
    admin: User
    supervisor: User
    other_officer: User
    outsider: User


@pytest.fixture
def tree(db: Any) -> Tree:
    province = agency_services.agency_create(
        name="宁夏回族自治区人民政府", level="province", code="NX", notice_prefix="宁政公开"
    )
    city = agency_services.agency_create(
        name="吴忠市人民政府", level="city", code="WZ", notice_prefix="吴政公开", parent=province
    )
    bureau = agency_services.agency_create(
        name="吴忠市审批服务管理局",
        level="department",
        code="WZSP",
        notice_prefix="吴审批公开",
        parent=city,
        address="吴忠市利通区",
        phone="0953-0000000",
    )
    other = agency_services.agency_create(
        name="吴忠市自然资源局", level="department", code="WZZR", notice_prefix="吴自然资源公开", parent=city
    )
    return Tree(province, city, bureau, other)


@pytest.fixture
def staff(tree: Tree) -> Staff:
    def user(username: str, name: str, agency: Agency | None, *roles: str) -> User:
        created = agency_services.staff_create(username=username, password=PASSWORD, full_name=name)
        for role in roles:
            assert agency is not None
            agency_services.membership_grant(user=created, agency=agency, role=role)
        return created

    return Staff(
        officer=user("officer", "李明", tree.bureau, "officer"),
        officer2=user("officer2", "王芳", tree.bureau, "officer"),
        approver=user("approver", "张伟", tree.bureau, "approver"),
        admin=user("admin", "马丽", tree.bureau, "admin"),
        supervisor=user("supervisor", "杨军", tree.city, "supervisor"),
        other_officer=user("other", "赵强", tree.other, "officer"),
        outsider=user("outsider", "路人", None),
    )


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    """A workbook whose first sheet holds `rows`, as an uploaded .xlsx file's bytes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 200, 200)).save(out, format="PNG")
    return out.getvalue()


def reasons_asked_and_received(
    application: Application, *, by: User, on: dt.date, reasons_due: dt.date
) -> Application:
    """Art. 35: the officer asks the applicant for reasons, and their written reasons arrive (uploaded)."""
    application = services.application_ask_reasons(
        application=application, by=by, on=on, reasons_due=reasons_due, note="请说明申请理由。"
    )
    services.attachment_add(
        application=application,
        by=by,
        kind="reasons",
        upload=SimpleUploadedFile("申请理由说明.png", png_bytes(), "image/png"),
    )
    return application


def id_proof() -> SimpleUploadedFile:
    return SimpleUploadedFile("身份证.png", png_bytes(), content_type="image/png")


APPLICANT = services.ApplicantData(
    name="马建国",
    id_type="resident_id",
    id_number="640302198001010011",
    phone="13995300001",
    address="宁夏吴忠市利通区示例路1号",
    postal_code="751100",
)

VALID_ID = APPLICANT.id_number


def application_fields(**changes: str) -> dict[str, str]:
    """The application form's fields filled in validly, as a browser sends them (no identity proof)."""
    data = {
        "applicant_kind": "natural",
        "name": "马建国",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13995300001",
        "email": "ma@example.com",
        "address": "宁夏吴忠市利通区示例路1号",
        "postal_code": "751100",
        "description": "2025年度建设工程规划许可证核发情况",
        "requested_form": "electronic",
        "delivery": "email",
    }
    data.update(changes)
    return data


def application_post(**changes: object) -> dict[str, object]:
    """`application_fields` with an identity proof, as the online form posts it; a None value leaves it out."""
    data: dict[str, object] = {
        **application_fields(),
        "id_proof": SimpleUploadedFile("id.png", png_bytes(), content_type="image/png"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def client_for(user: Any) -> Client:
    """A test client logged in as `user`."""
    client = Client()
    client.force_login(user)
    return client


FileApplication = Callable[..., tuple[Application, str]]
TodayIs = Callable[[dt.date], None]


@pytest.fixture
def today_is(monkeypatch: pytest.MonkeyPatch) -> TodayIs:
    """Pin the web layer's today (`common.clock.today`), for a test about days that have not come yet (e.g. a
    request received in December whose reply is due in a year with no published holidays) — also in the modules
    that imported `today` by name."""

    def pin(day: dt.date) -> None:
        original = clock.today
        for module in list(sys.modules.values()):
            if (
                module is not None
                and module.__name__.startswith("gongkai.")
                and vars(module).get("today") is original
            ):
                monkeypatch.setattr(module, "today", lambda: day)

    return pin


@pytest.fixture
def file_application(tree: Tree, staff: Staff) -> FileApplication:
    """File an application: online (left in `submitted`) or, with `register=True`, entered and registered."""

    def make(
        *,
        agency: Agency | None = None,
        arrived_on: dt.date = RECEIVED,
        register: bool = True,
        kind: str = "natural",
        channel: str | None = None,
        by: User | None = None,
        **extra: Any,
    ) -> tuple[Application, str]:
        officer = by or staff.officer
        return services.application_create(
            agency=agency or tree.bureau,
            applicant=extra.pop("applicant", APPLICANT),
            applicant_kind=kind,
            description="2025年度建设工程规划许可证核发情况",
            requested_form="electronic",
            delivery="email",
            channel=channel or ("in_person" if register else "online"),
            arrived_on=arrived_on,
            id_proof=id_proof(),
            by=officer if register else None,
            register=register,
            **extra,
        )

    return make
