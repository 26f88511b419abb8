"""Reading agencies and deciding who may see what.

Access to a case follows from the memberships: staff (officer, approver, admin) of the handling agency see
everything including personal data; a supervisor of the agency or of any agency above it sees the case
read-only with personal data masked; everyone else is told the case does not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from gongkai.core.cases import Role
from gongkai.web.agencies.models import Agency, StaffMembership

__all__ = [
    "Access",
    "AccessLevel",
    "agencies_accepting_online",
    "agencies_with_role",
    "agency_by_code",
    "agency_chain",
    "agency_subtree",
    "handled_agencies",
    "staffed_agencies",
    "supervised_agencies",
    "user_access",
    "user_roles",
    "visible_agencies",
]

HANDLING_ROLES = (Role.OFFICER.value, Role.APPROVER.value, Role.ADMIN.value)


class AccessLevel(StrEnum):
    NONE = "none"
    SUPERVISOR = "supervisor"  # read-only, personal data masked
    HANDLER = "handler"  # staff of the handling agency


@dataclass(frozen=True)
class Access:
    level: AccessLevel
    roles: frozenset[Role]

    @property
    def can_see(self) -> bool:
        return self.level is not AccessLevel.NONE

    @property
    def sees_personal_data(self) -> bool:
        return self.level is AccessLevel.HANDLER


def _active(user: User | AnonymousUser) -> QuerySet[StaffMembership]:
    if not user.is_authenticated:
        return StaffMembership.objects.none()
    return StaffMembership.objects.filter(user=user, active=True)


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code.upper()).first()


def agencies_accepting_online() -> QuerySet[Agency]:
    return Agency.objects.filter(accepts_online=True).order_by("path")


def agency_subtree(agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=agency.path)


def agency_chain(agency: Agency) -> list[Agency]:
    """The agency and those above it, top first (for breadcrumbs and the guide)."""
    ids = [int(p) for p in agency.path.strip("/").split("/") if p]
    by_id = Agency.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def user_roles(user: User | AnonymousUser, agency: Agency) -> frozenset[Role]:
    return frozenset(Role(r) for r in _active(user).filter(agency=agency).values_list("role", flat=True))


def handled_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    """Agencies whose cases (with personal data) the user handles."""
    ids = _active(user).filter(role__in=HANDLING_ROLES).values("agency_id")
    return Agency.objects.filter(id__in=ids)


def agencies_with_role(user: User | AnonymousUser, *roles: Role) -> QuerySet[Agency]:
    """The agencies where the user holds one of `roles`, in tree order — one query, where asking `user_access`
    agency by agency would take one per agency."""
    ids = _active(user).filter(role__in=[role.value for role in roles]).values("agency_id")
    return Agency.objects.filter(id__in=ids).order_by("path")


def supervised_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    """Every agency in the subtrees the user supervises."""
    paths = list(_active(user).filter(role=Role.SUPERVISOR.value).values_list("agency__path", flat=True))
    if not paths:
        return Agency.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition)


def visible_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    return (handled_agencies(user) | supervised_agencies(user)).distinct().order_by("path")


def staffed_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    """The agencies the user sees that work on the platform: those with an active officer, approver or
    administrator (an agency with no case this year is one of them, and a supervisor must see it so)."""
    working = StaffMembership.objects.filter(active=True, role__in=HANDLING_ROLES).values("agency_id")
    return visible_agencies(user).filter(pk__in=working)


def user_access(user: User | AnonymousUser, agency: Agency) -> Access:
    memberships = list(_active(user).select_related("agency"))
    roles = frozenset(Role(m.role) for m in memberships if m.agency_id == agency.pk)
    if roles & {Role.OFFICER, Role.APPROVER, Role.ADMIN}:
        return Access(AccessLevel.HANDLER, roles)
    for m in memberships:
        if m.role == Role.SUPERVISOR.value and agency.path.startswith(m.agency.path):
            return Access(AccessLevel.SUPERVISOR, roles)
    return Access(AccessLevel.NONE, frozenset())
