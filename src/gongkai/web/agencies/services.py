"""Writing agencies and memberships. Each function is one action, atomic and audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from gongkai.core.cases import Role
from gongkai.web.agencies.models import Agency, StaffMembership
from gongkai.web.audit.services import audit_record

__all__ = [
    "agency_create",
    "agency_update",
    "membership_grant",
    "membership_recorded",
    "membership_revoke",
    "staff_create",
]


def _path_for(agency: Agency) -> str:
    prefix = agency.parent.path if agency.parent is not None else "/"
    return f"{prefix}{agency.pk}/"


@transaction.atomic
def agency_create(
    *,
    name: str,
    level: str,
    code: str,
    notice_prefix: str,
    parent: Agency | None = None,
    by: User | None = None,
    **details: Any,
) -> Agency:
    agency = Agency(name=name, level=level, code=code, notice_prefix=notice_prefix, parent=parent, **details)
    agency.full_clean(exclude=["path"])
    agency.save()
    agency.path = _path_for(agency)
    agency.save(update_fields=["path"])
    audit_record(
        actor=by, action="agency.create", obj=agency, agency=agency, details={"name": name, "code": code}
    )
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, by: User | None, **changes: Any) -> Agency:
    """Change an agency's details (not its place in the tree)."""
    for field, value in changes.items():
        setattr(agency, field, value)
    agency.full_clean(exclude=["path"])
    agency.save(update_fields=list(changes))
    audit_record(
        actor=by, action="agency.update", obj=agency, agency=agency, details={"fields": sorted(changes)}
    )
    return agency


@transaction.atomic
def staff_create(
    *, username: str, password: str, full_name: str, email: str = "", by: User | None = None
) -> User:
    """A staff account, its password checked against the password policy."""
    user_model = get_user_model()
    user: User = user_model(username=username, first_name=full_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=by, action="staff.create", obj=user, details={"username": username})
    return user


@transaction.atomic
def membership_grant(
    *, user: User, agency: Agency, role: Role | str, by: User | None = None
) -> StaffMembership:
    membership, _created = StaffMembership.objects.get_or_create(
        user=user, agency=agency, role=Role(role).value
    )
    if not membership.active:
        membership.active = True
        membership.save(update_fields=["active"])
    audit_record(
        actor=by,
        action="membership.grant",
        obj=membership,
        agency=agency,
        details={"user": user.get_username(), "role": Role(role).value},
    )
    return membership


def membership_recorded(*, membership: StaffMembership, by: Any, how: str, deleted: bool = False) -> None:
    """Audit a membership saved (or, `deleted`, about to be deleted) by the admin site, which writes the row
    itself."""
    audit_record(
        actor=by,
        action="membership.delete" if deleted else "membership.change",
        obj=membership,
        agency=membership.agency,
        details={
            "user": membership.user.get_username(),
            "role": membership.role,
            "active": membership.active,
            "via": how,
        },
    )


def account_recorded(*, user: Any, by: Any, action: str, fields: list[str] | None = None) -> None:
    """Audit an account created, changed, deleted or given a password in the admin site (`action`: create,
    change, delete, password_set); `fields`: the changed fields' names (never a password)."""
    audit_record(
        actor=by,
        action=f"user.{action}",
        obj=user,
        details={"user": user.get_username(), **({"fields": fields} if fields else {})},
    )


@transaction.atomic
def membership_revoke(*, membership: StaffMembership, by: User | None) -> StaffMembership:
    membership.active = False
    membership.save(update_fields=["active"])
    audit_record(
        actor=by,
        action="membership.revoke",
        obj=membership,
        agency=membership.agency,
        details={"user": membership.user.get_username(), "role": membership.role},
    )
    return membership
