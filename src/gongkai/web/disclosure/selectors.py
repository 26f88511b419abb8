"""Every read of the register the views and the annual report use: who may do what, the queues, one item with its
history and deadline, the Art. 44 candidates, and table 二 (`table2_cells`, the contract with the annual report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_noop

from gongkai.core.cases import FIRST_REGULATIONS_IN_FORCE, Role
from gongkai.core.deadlines import Deadline, publication_deadline
from gongkai.core.disclosure import (
    DisclosureAttribute,
    DocumentEventKind,
    DocumentKind,
    DocumentValidity,
    ItemState,
    ItemTransition,
    RegisterRole,
    document_validity,
    next_item_actions,
)
from gongkai.core.disclosure import (
    DocumentEvent as CoreDocumentEvent,
)
from gongkai.core.errors import GongkaiError
from gongkai.core.report.templates import TEMPLATE_2021
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import AccessLevel, agencies_with_role, user_access, visible_agencies
from gongkai.web.applications.models import Application
from gongkai.web.common.aggregates import count_each
from gongkai.web.common.clock import workday_calendar
from gongkai.web.disclosure.models import DocumentEvent, ItemEvent, RegisterItem, YearlyFigures

__all__ = [
    "ART44_ROWS",
    "QUEUES",
    "ItemView",
    "art44_candidates",
    "drafting_agencies",
    "figures_for",
    "item_deadline",
    "item_for_user",
    "item_validity",
    "items_search",
    "plain_amount",
    "queue",
    "queue_counts",
    "register_agencies",
    "register_roles",
    "table2_cells",
]

REVIEW_PERMISSION = "disclosure.review_confidentiality"
_STAFF_ROLES = {
    "officer": RegisterRole.OFFICER,
    "approver": RegisterRole.APPROVER,
    "admin": RegisterRole.ADMIN,
}
# Art. 44: only information that was (at least partly) disclosed to an applicant may be turned into proactive
# disclosure; a refusal or "not held" answer has nothing to publish.
ART44_ROWS = ("granted", "partial")

QUEUES: Mapping[str, str] = {
    "drafts": gettext_noop("起草中"),
    "in_review": gettext_noop("保密审查中"),
    "approved": gettext_noop("待发布"),
    "overdue": gettext_noop("逾期未公开"),
    "late": gettext_noop("逾期公开"),
    "published": gettext_noop("已公开"),
    "documents": gettext_noop("规章和规范性文件"),
    "all": gettext_noop("全部"),
}


def register_roles(user: User | AnonymousUser, agency: Agency) -> frozenset[RegisterRole]:
    """The user's roles on the agency's register: their staff roles there, and the confidentiality reviewer's if
    they hold the review permission and work in the agency (a supervisor never acts on another's register)."""
    access = user_access(user, agency)
    if access.level is not AccessLevel.HANDLER:
        return frozenset()
    roles = {_STAFF_ROLES[r.value] for r in access.roles if r.value in _STAFF_ROLES}
    if user.has_perm(REVIEW_PERMISSION):
        roles.add(RegisterRole.REVIEWER)
    return frozenset(roles)


def drafting_agencies(user: User | AnonymousUser) -> list[Agency]:
    """Agencies in which the user may register items (officer or admin there)."""
    # The agencies where the user is staff as an officer or administrator (`register_roles` of those two), in one
    # query rather than `register_roles` agency by agency over the whole subtree a supervisor sees.
    return list(agencies_with_role(user, Role.OFFICER, Role.ADMIN))


def register_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    """Agencies whose register the user may read: their own, and those they supervise."""
    return visible_agencies(user)


_UNPUBLISHED_PROACTIVE = Q(
    attribute=DisclosureAttribute.PROACTIVE.value,
    state__in=[ItemState.DRAFT.value, ItemState.IN_REVIEW.value, ItemState.APPROVED.value],
)


def _queue_filters(today: dt.date) -> dict[str, Q]:
    """Queue id → the items it lists; "all" has no filter of its own."""
    return {
        "drafts": Q(state=ItemState.DRAFT.value),
        "in_review": Q(state=ItemState.IN_REVIEW.value),
        "approved": Q(state=ItemState.APPROVED.value),
        "overdue": _UNPUBLISHED_PROACTIVE & Q(publication_due__lt=today),
        "late": Q(published_late=True),
        "published": Q(state=ItemState.PUBLISHED.value),
        "documents": ~Q(document_kind=""),
    }


_QUEUE_ORDER: Mapping[str, tuple[str, ...]] = {
    "drafts": ("publication_due", "-id"),
    "in_review": ("publication_due", "id"),
    "approved": ("publication_due", "id"),
    "overdue": ("publication_due", "id"),
    "late": ("-published_on", "-id"),
    "published": ("-published_on", "-id"),
    "documents": ("-issued_on", "-id"),
}


def queue(agency: Agency, name: str, *, today: dt.date) -> QuerySet[RegisterItem]:
    """The items of one queue; an unknown name is the whole register ("all"), newest formed first."""
    items = RegisterItem.objects.filter(agency=agency)
    if name not in _QUEUE_ORDER:
        return items.order_by("-formed_on", "-id")
    return items.filter(_queue_filters(today)[name]).order_by(*_QUEUE_ORDER[name])


def queue_counts(agency: Agency, *, today: dt.date) -> dict[str, int]:
    """The number of items in each queue (but "all"): a COUNT each (`count_each` says why)."""
    return count_each(RegisterItem.objects.filter(agency=agency), _queue_filters(today))


def items_search(
    items: QuerySet[RegisterItem],
    *,
    text: str = "",
    category: str = "",
    attribute: str = "",
    state: str = "",
    year: int | None = None,
    document_kind: str = "",
) -> QuerySet[RegisterItem]:
    """Filter a queue of the office register (the public catalogue has its own full-text search)."""
    if text.strip():
        words = text.strip()
        items = items.filter(
            Q(title__icontains=words) | Q(doc_number__icontains=words) | Q(index_number__icontains=words)
        )
    if category:
        items = items.filter(category=category)
    if attribute:
        items = items.filter(attribute=attribute)
    if state:
        items = items.filter(state=state)
    if year:
        items = items.filter(formed_on__year=year)
    if document_kind:
        items = items.filter(document_kind=document_kind)
    return items.select_related("agency")


@dataclass(frozen=True)
class ItemView:
    item: RegisterItem
    roles: frozenset[RegisterRole]
    read_only: bool
    actions: tuple[ItemTransition, ...]
    events: list[ItemEvent]
    document_events: list[DocumentEvent]
    channels: list[str]
    deadline: Deadline | None
    validity: DocumentValidity | None


def item_deadline(item: RegisterItem) -> Deadline | None:
    """Art. 26's deadline with its explanation (None for information not disclosed proactively)."""
    if item.attribute != DisclosureAttribute.PROACTIVE.value or item.formed_on < FIRST_REGULATIONS_IN_FORCE:
        return None  # formed before the Regulations: no Art. 26 deadline
    try:
        return publication_deadline(item.formed_on, calendar=workday_calendar())
    except GongkaiError:
        return None


def item_validity(item: RegisterItem, events: list[DocumentEvent], *, on: dt.date) -> DocumentValidity | None:
    if not item.document_kind:
        return None
    history = [CoreDocumentEvent(DocumentEventKind(e.kind), e.on, e.instrument) for e in events]
    return document_validity(history, on)


def item_for_user(user: User | AnonymousUser, pk: int, *, today: dt.date) -> ItemView | None:
    """The item with what its page shows, or None when the user may not know it exists (404)."""
    item = (
        RegisterItem.objects.select_related("agency", "created_by", "reviewed_by", "source_application")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        return None
    access = user_access(user, item.agency)
    if not access.can_see:
        return None
    roles = register_roles(user, item.agency)
    document_events = list(item.document_events.select_related("actor"))
    return ItemView(
        item=item,
        roles=roles,
        read_only=not roles,
        actions=next_item_actions(
            item.state, roles=roles, attribute=item.attribute, acting_drafter=item.created_by_id == user.pk
        ),
        events=list(item.events.select_related("actor")),
        document_events=document_events,
        channels=list(item.channels.values_list("channel", flat=True)),
        deadline=item_deadline(item),
        validity=item_validity(item, document_events, on=today),
    )


def art44_candidates(agency: Agency) -> QuerySet[Application]:
    """Applications of the agency whose information was disclosed (granted or partly), not yet turned into a
    register item, most recent first."""
    return (
        Application.objects.filter(agency=agency, outcome_row__in=ART44_ROWS)
        .filter(register_items__isnull=True)
        .order_by("-outcome_on", "-id")
    )


def figures_for(agency: Agency) -> QuerySet[YearlyFigures]:
    return YearlyFigures.objects.filter(agency=agency).order_by("-year")


# --- table 二 -----------------------------------------------------------------------------------------------


def plain_amount(amount: Decimal | None) -> Decimal | None:
    """12.3400 → 12.34, 0.0000 → 0 (the stored scale is not part of the amount)."""
    if amount is None:
        return None
    if amount == amount.to_integral_value():
        return Decimal(int(amount))
    return amount.normalize()


def table2_cells(*, agency: Agency, year: int) -> dict[str, int | Decimal | None]:
    """Every t2.* cell of the 2021 template for the agency and year.

    Rules and normative documents come from the register's lifecycle records whatever the items' publication
    state: issued = issued in the year; repealed = repealed or expired in the year; in force = issued by
    31 December and not ended by then. Licensing, penalty and coercion decisions and the fees amount (万元) come
    from the entered yearly figures: None where nothing was entered.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    grouped = (
        RegisterItem.objects.filter(agency=agency, issued_on__isnull=False, issued_on__lte=last)
        .exclude(document_kind="")
        .values("document_kind")
        .annotate(
            n_issued=Count("id", filter=Q(issued_on__gte=first)),
            n_repealed=Count("id", filter=Q(ended_on__gte=first, ended_on__lte=last)),
            n_in_force=Count("id", filter=Q(ended_on__isnull=True) | Q(ended_on__gt=last)),
        )
        .values_list("document_kind", "n_issued", "n_repealed", "n_in_force")
        .order_by()
    )
    cells: dict[str, int | Decimal | None] = {}
    for kind in DocumentKind:
        for column in ("issued", "repealed", "in_force"):
            cells[f"t2.{kind.value}.{column}"] = 0
    for document_kind, issued, repealed, in_force in grouped:
        cells[f"t2.{document_kind}.issued"] = issued
        cells[f"t2.{document_kind}.repealed"] = repealed
        cells[f"t2.{document_kind}.in_force"] = in_force
    figures = YearlyFigures.objects.filter(agency=agency, year=year).first()
    cells["t2.licensing.decisions"] = figures.licensing_decisions if figures else None
    cells["t2.penalty.decisions"] = figures.penalty_decisions if figures else None
    cells["t2.coercion.decisions"] = figures.coercion_decisions if figures else None
    cells["t2.fees.amount"] = plain_amount(figures.fees_amount) if figures else None
    expected = {c for c in TEMPLATE_2021.cell_ids if c.startswith("t2.")}
    assert set(cells) == expected, set(cells) ^ expected
    return cells
