"""Fixtures of the register tests: a confidentiality reviewer, and a helper that registers items."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User

from gongkai.web.agencies import services as agency_services
from gongkai.web.disclosure import services
from gongkai.web.disclosure.models import RegisterItem
from tests.web.conftest import PASSWORD, Staff, Tree

# A Monday; 20 working days later is 2026-03-30 (no holiday in between).
FORMED = dt.date(2026, 3, 2)
DUE = dt.date(2026, 3, 30)

MakeItem = Callable[..., RegisterItem]


def grant_review(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(codename="review_confidentiality"))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def reviewer(tree: Tree, staff: Staff) -> User:
    """张伟's colleague in the office who does the 保密审查: an officer of the bureau holding the permission."""
    user = agency_services.staff_create(username="reviewer", password=PASSWORD, full_name="刘审查")
    agency_services.membership_grant(user=user, agency=tree.bureau, role="officer")
    return grant_review(user)


@pytest.fixture
def make_item(tree: Tree, staff: Staff) -> MakeItem:
    def make(**overrides: Any) -> RegisterItem:
        fields: dict[str, Any] = {
            "agency": tree.bureau, "by": staff.officer, "title": "关于印发《优化营商环境若干措施》的通知",
            "category": "a20.1", "attribute": "proactive", "formed_on": FORMED, "doc_number": "吴审批发〔2026〕3号",
            "body": "为深入推进放管服改革，持续优化营商环境，结合本市实际，制定以下措施。", "channels": ["portal"],
        }  # fmt: skip
        fields.update(overrides)
        return services.item_create(**fields)

    return make


@pytest.fixture
def publish(reviewer: User, staff: Staff) -> Callable[..., RegisterItem]:
    """Take an item through review to publication."""

    def run(item: RegisterItem, on: dt.date = FORMED, *, by: User | None = None) -> RegisterItem:
        item = services.item_submit_review(item=item, by=by or staff.officer, on=on)
        item = services.item_pass_review(item=item, by=reviewer, on=on)
        return services.item_publish(item=item, by=by or staff.officer, on=on)

    return run
