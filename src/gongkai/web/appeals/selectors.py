"""Reads of the appeals ledger: the queues, one case with its access, and table 四 (`table4_cells`, the contract
with the annual report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_noop

from gongkai.core.appeals import (
    DEFAULT_APPEAL_POLICY,
    AppealDeadline,
    AppealKind,
    Outcome,
    appeal_deadline,
    direct_litigation_note,
    table4_cell_ids,
)
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import Access, user_access, visible_agencies
from gongkai.web.appeals.models import AppealCase, AppealEvent
from gongkai.web.applications.models import Application
from gongkai.web.common.aggregates import count_each

__all__ = [
    "QUEUES",
    "AppealView",
    "appeal_for_user",
    "application_of_agency",
    "ledger",
    "ledger_agencies",
    "ledger_counts",
    "reconsiderations_of",
    "table4_cases",
    "table4_cells",
]

QUEUES: Mapping[str, str] = {
    "pending": gettext_noop("尚未审结"),
    "due_soon": gettext_noop("15日内到期"),
    "overdue": gettext_noop("已超过审理期限"),
    "concluded": gettext_noop("已审结"),
    "all": gettext_noop("全部"),
}
_SOON_DAYS = 15
# The answers that refuse disclosure (for the note on direct litigation after 2024).
_REFUSAL_ROWS = ("partial",)


def ledger_agencies(user: User | AnonymousUser) -> QuerySet[Agency]:
    return visible_agencies(user)


_PENDING = Q(outcome=Outcome.PENDING.value)


def _ledger_filters(today: dt.date) -> dict[str, Q]:
    """Queue id → the cases it lists; "all" has no filter of its own."""
    return {
        "pending": _PENDING,
        "due_soon": _PENDING
        & Q(decision_due__gte=today, decision_due__lte=today + dt.timedelta(days=_SOON_DAYS)),
        "overdue": _PENDING & Q(decision_due__lt=today),
        "concluded": ~_PENDING,
    }


_LEDGER_ORDER: Mapping[str, tuple[str, ...]] = {
    "pending": ("decision_due", "id"),
    "due_soon": ("decision_due",),
    "overdue": ("decision_due",),
    "concluded": ("-concluded_on", "-id"),
}


def ledger(agency: Agency, name: str, *, today: dt.date, year: int | None = None) -> QuerySet[AppealCase]:
    """The cases of one queue (an unknown name: all, newest filed first), of `year` if given: filed by its end and
    not concluded before it."""
    cases = AppealCase.objects.filter(agency=agency).select_related("application")
    if name in _LEDGER_ORDER:
        cases = cases.filter(_ledger_filters(today)[name]).order_by(*_LEDGER_ORDER[name])
    else:
        cases = cases.order_by("-filed_on", "-id")
    if year:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        cases = cases.filter(filed_on__lte=last).filter(
            Q(concluded_on__isnull=True) | Q(concluded_on__gte=first)
        )
    return cases


def ledger_counts(agency: Agency, *, today: dt.date) -> dict[str, int]:
    """The number of cases in each queue (but "all"): a COUNT each (`count_each` says why)."""
    return count_each(AppealCase.objects.filter(agency=agency), _ledger_filters(today))


@dataclass(frozen=True)
class AppealView:
    case: AppealCase
    access: Access
    events: list[AppealEvent]
    deadline: AppealDeadline | None
    note: str | None

    @property
    def can_act(self) -> bool:
        return self.access.sees_personal_data


def appeal_for_user(user: User | AnonymousUser, pk: int) -> AppealView | None:
    """The case with what its page shows, or None when the user may not know it exists (404)."""
    case = AppealCase.objects.select_related("agency", "application", "previous").filter(pk=pk).first()
    if case is None:
        return None
    access = user_access(user, case.agency)
    if not access.can_see:
        return None
    deadline = None
    if case.pending:
        deadline = appeal_deadline(
            kind=case.kind, filed_on=case.filed_on, accepted_on=case.accepted_on, extended=case.extended,
            policy=DEFAULT_APPEAL_POLICY,
        )  # fmt: skip
    refusal = case.application is not None and (
        case.application.outcome_row.startswith("withheld_") or case.application.outcome_row in _REFUSAL_ROWS
    )
    return AppealView(
        case=case,
        access=access,
        events=list(case.events.select_related("actor")),
        deadline=deadline,
        note=direct_litigation_note(kind=case.kind, filed_on=case.filed_on, concerns_refusal=refusal),
    )


def application_of_agency(agency: Agency, number: str) -> Application | None:
    """The agency's application with this tracking number (to link a case to it)."""
    return Application.objects.filter(agency=agency, number=number.strip().upper()).first()


def reconsiderations_of(agency: Agency) -> QuerySet[AppealCase]:
    """The agency's reconsideration cases (a lawsuit after reconsideration links to one)."""
    return AppealCase.objects.filter(agency=agency, kind=AppealKind.RECONSIDERATION.value).order_by(
        "-filed_on"
    )


# --- table 四 -----------------------------------------------------------------------------------------------


def table4_cases(agency: Agency, year: int) -> QuerySet[AppealCase]:
    """Every case that counts in `year`: filed by 31 December and not concluded before 1 January."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return AppealCase.objects.filter(agency=agency, filed_on__lte=last).filter(
        Q(concluded_on__isnull=True) | Q(concluded_on__gte=first)
    )


def table4_cells(*, agency: Agency, year: int) -> dict[str, int]:
    """The 15 t4.* cells for the agency's year, by one aggregate query (one row per kind).

    Concluded in the year → its outcome's column; still open on 31 December → pending (so a pending case counts
    again every following year until it is concluded); total = the sum of the four.
    """
    last = dt.date(year, 12, 31)
    concluded = Q(concluded_on__isnull=False, concluded_on__lte=last)
    grouped = (
        table4_cases(agency, year)
        .values("kind")
        .annotate(
            n_upheld=Count("id", filter=concluded & Q(outcome=Outcome.UPHELD.value)),
            n_corrected=Count("id", filter=concluded & Q(outcome=Outcome.CORRECTED.value)),
            n_other=Count("id", filter=concluded & Q(outcome=Outcome.OTHER.value)),
            n_pending=Count("id", filter=Q(concluded_on__isnull=True) | Q(concluded_on__gt=last)),
        )
        .values_list("kind", "n_upheld", "n_corrected", "n_other", "n_pending")
        .order_by()
    )
    cells = dict.fromkeys(table4_cell_ids(), 0)
    for kind, upheld, corrected, other, pending in grouped:
        counts = {"upheld": upheld, "corrected": corrected, "other": other, "pending": pending}
        for column, n in counts.items():
            cells[f"t4.{kind}.{column}"] = n
        cells[f"t4.{kind}.total"] = sum(counts.values())
    return cells
