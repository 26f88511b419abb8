"""The public application form and the staff registration form (one form, common/forms.py) on their pages: what
QA found getting through — control characters, numbers that cannot exist, files that only start like a PDF —
is refused with a message on the page, and what is accepted is stored normalised."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.web.applications.models import Applicant, Application
from gongkai.web.common import clock
from tests.web.conftest import RECEIVED, Staff, Tree, application_post


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _apply(**changes: object) -> str:
    response = Client().post(reverse("portal:apply", args=["WZSP"]), application_post(**changes))
    assert response.status_code == 200
    assert not Application.objects.exists()
    return response.content.decode()


def test_control_characters_in_a_name_or_address_are_refused_on_the_page(tree: Tree) -> None:
    page = _apply(name="张\x07\x1b[31m三\x0b", address="示例路\x001号")
    assert "姓名或名称含有不允许的字符（U+0007），请删除后重新填写。" in page
    assert "通信地址含有不允许的字符（U+0000），请删除后重新填写。" in page


def test_a_name_of_zero_width_spaces_is_an_empty_name(tree: Tree) -> None:
    page = _apply(name="\u200b\u200b\u200b", description="\u200b" * 10)
    assert "姓名或名称：此项为必填项。" in page
    assert "便于查询的其他特征性描述：此项为必填项。" in page


def test_a_resident_id_born_in_the_future_is_refused(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    born_2099 = "640302209901010018"
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 28))
    assert "出生日期（20990101）不成立" in _apply(id_number=born_2099)


def test_an_invalid_email_is_told_once_not_also_as_missing(tree: Tree) -> None:
    page = _apply(email="ma@@example")
    assert "请填写有效的电子邮箱" in page
    assert "选择电子邮件获取时须填写电子邮箱" not in page


def test_a_pdf_header_before_a_program_is_not_an_identity_proof(tree: Tree) -> None:
    disguised = SimpleUploadedFile("id.pdf", b"%PDF-1.7\nMZ\x90\x00This program cannot be run in DOS mode")
    assert "不是完整的 PDF 文件" in _apply(id_proof=disguised)


def test_full_width_numbers_are_stored_as_ascii(tree: Tree) -> None:
    response = Client().post(
        reverse("portal:apply", args=["WZSP"]),
        application_post(
            phone="１３９９５３００００１",
            postal_code="７５１１００",
            email="ｍａ＠ｅｘａｍｐｌｅ．ｃｏｍ",
            name="马\u200b建国",
        ),
    )
    assert response.status_code == 302
    applicant = Applicant.objects.get()
    assert (applicant.name, applicant.phone, applicant.postal_code, applicant.email) == (
        "马建国",
        "13995300001",
        "751100",
        "ma@example.com",
    )


def test_the_staff_registration_form_refuses_the_same(tree: Tree, staff: Staff) -> None:
    client = Client()
    client.force_login(staff.officer)
    data = {
        "channel": "in_person",
        "arrived_on": RECEIVED.isoformat(),
        "applicant_kind": "natural",
        "name": "马建国",
        "id_type": "passport",
        "id_number": "😀<script>",
        "phone": "() () ()",
        "address": "示例路\x1b1号",
        "description": "2025年度建设工程规划许可证核发情况",
        "requested_form": "paper",
        "delivery": "post",
    }
    response = client.post(reverse("office:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "护照号码应为5至30位英文字母或数字" in page
    assert "请填写有效的联系电话" in page
    assert "通信地址含有不允许的字符（U+001B）" in page
    assert 'aria-describedby="id_phone_error"' in page
    assert 'id="id_phone_error"' in page
    assert not Application.objects.exists()
