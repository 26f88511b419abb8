"""Reconsideration (行政复议) and litigation (行政诉讼) over disclosure decisions, as data: kinds, outcomes, the
deadlines the law sets, and how a year's cases are counted in table 四.

Counting (the same rule as table 三's carry-over): a case counts in every year from the year it was filed to the
year it was concluded. In the year of its conclusion it counts under its outcome (维持 / 纠正 / 其他); in every
earlier year — it was still open on 31 December — under 尚未审结. So a case filed in 2024 and decided in 2025
counts as pending in 2024 and as, say, upheld in 2025; one filed in 2023 and decided in 2025 is pending in 2023
and 2024. `total` is the sum of the four columns of its group.

Deadlines (`AppealPolicy`, configurable; **unverified** values, see docs/web.md): reconsideration is decided within
60 days of acceptance, extendable once by at most 30 (行政复议法 2023 Art. 62, ordinary procedure; calendar days);
a first-instance lawsuit within 6 months of filing (行政诉讼法 Art. 81). Since 2024-01-01 a refusal to disclose
must go to reconsideration before court (行政复议法 Art. 23) — `direct_litigation_note` says so for such cases;
it is a note for the clerk, not a refusal: the ledger records what happened.

Dates (`check_appeal`, `check_extension`, `check_after_reconsideration`; `today` is passed in): every date of a
case is neither after today nor before the Regulations took effect (the register's rule,
`gongkai.core.disclosure.record_date_problem`); acceptance, extension and conclusion are not before filing, the
conclusion not before acceptance; a lawsuit after reconsideration is filed once the reconsideration was decided.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from gongkai.core.disclosure import record_date_problem
from gongkai.core.errors import AppealError

__all__ = [
    "DEFAULT_APPEAL_POLICY",
    "KIND_LABELS",
    "OUTCOME_LABELS",
    "REVIEW_BEFORE_COURT_FROM",
    "TABLE4_COLUMNS",
    "AppealDeadline",
    "AppealKind",
    "AppealPolicy",
    "Outcome",
    "appeal_deadline",
    "check_after_reconsideration",
    "check_appeal",
    "check_appeal_date",
    "check_extension",
    "direct_litigation_note",
    "table4_cell_ids",
    "table4_column",
    "table4_counts",
]


class AppealKind(StrEnum):
    """The three groups of table 四 (values equal the template's group ids)."""

    RECONSIDERATION = "reconsideration"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER = "litigation_after"


KIND_LABELS: Mapping[AppealKind, str] = {
    AppealKind.RECONSIDERATION: "行政复议",
    AppealKind.LITIGATION_DIRECT: "行政诉讼（未经复议直接起诉）",
    AppealKind.LITIGATION_AFTER: "行政诉讼（复议后起诉）",
}


class Outcome(StrEnum):
    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"
    PENDING = "pending"


OUTCOME_LABELS: Mapping[Outcome, str] = {
    Outcome.UPHELD: "结果维持",
    Outcome.CORRECTED: "结果纠正",
    Outcome.OTHER: "其他结果",
    Outcome.PENDING: "尚未审结",
}

TABLE4_COLUMNS: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
REVIEW_BEFORE_COURT_FROM = dt.date(2024, 1, 1)


def table4_cell_ids() -> tuple[str, ...]:
    return tuple(f"t4.{kind.value}.{column}" for kind in AppealKind for column in TABLE4_COLUMNS)


@dataclass(frozen=True)
class AppealPolicy:
    """Unverified periods, to be confirmed against the law in force (configurable per deployment)."""

    reconsideration_days: int = 60  # calendar days from acceptance
    reconsideration_extension_days: int = 30
    litigation_months: int = 6  # first instance, from the court's filing


DEFAULT_APPEAL_POLICY = AppealPolicy()


def check_appeal_date(day: dt.date, *, today: dt.date, what: str) -> dt.date:
    """`day`, or `AppealError` if it is after `today` or before the Regulations took effect."""
    problem = record_date_problem(day, today=today, what=what)
    if problem is not None:
        raise AppealError(problem, what=what, day=day.isoformat())
    return day


def check_appeal(
    *,
    kind: AppealKind | str,
    filed_on: dt.date,
    outcome: Outcome | str,
    concluded_on: dt.date | None,
    today: dt.date,
    accepted_on: dt.date | None = None,
) -> None:
    """An appeal record that can be true: its dates not after `today` (nor before the Regulations), accepted not
    before filing, concluded (not before filing or acceptance) unless pending."""
    AppealKind(kind)
    try:
        chosen = Outcome(outcome)
    except ValueError:
        raise AppealError(f"未知的审理结果“{outcome}”。", outcome=str(outcome)) from None
    check_appeal_date(filed_on, today=today, what="提出（起诉）日期")
    if accepted_on is not None:
        check_appeal_date(accepted_on, today=today, what="受理（立案）日期")
        if accepted_on < filed_on:
            raise AppealError(f"受理日期{accepted_on:%Y-%m-%d}早于提出日期{filed_on:%Y-%m-%d}，请核对。")
    if chosen is Outcome.PENDING:
        if concluded_on is not None:
            raise AppealError("尚未审结的案件不填写审结日期。")
        return
    if concluded_on is None:
        raise AppealError(f"登记“{OUTCOME_LABELS[chosen]}”须填写审结日期。")
    check_appeal_date(concluded_on, today=today, what="审结日期")
    if concluded_on < filed_on:
        raise AppealError(f"审结日期{concluded_on:%Y-%m-%d}早于提出日期{filed_on:%Y-%m-%d}，请核对。")
    if accepted_on is not None and concluded_on < accepted_on:
        raise AppealError(f"审结日期{concluded_on:%Y-%m-%d}早于受理日期{accepted_on:%Y-%m-%d}，请核对。")


def check_extension(*, on: dt.date, filed_on: dt.date, accepted_on: dt.date | None, today: dt.date) -> None:
    """The day the reconsideration body extended its period: not after `today`, not before the case was filed
    (and accepted, if it was)."""
    check_appeal_date(on, today=today, what="延长决定日期")
    start, what = (accepted_on, "受理日期") if accepted_on is not None else (filed_on, "提出日期")
    if on < start:
        raise AppealError(f"延长决定日期{on:%Y-%m-%d}早于{what}{start:%Y-%m-%d}，请核对。")


def check_after_reconsideration(*, filed_on: dt.date, reconsideration_concluded_on: dt.date | None) -> None:
    """A lawsuit after reconsideration (复议后起诉) is brought against the reconsideration's decision: the
    reconsideration must be concluded, and the lawsuit filed on or after that day."""
    if reconsideration_concluded_on is None:
        raise AppealError("前序行政复议案件尚未审结，请先登记复议结果。")
    if filed_on < reconsideration_concluded_on:
        raise AppealError(
            f"复议后起诉的起诉日期{filed_on:%Y-%m-%d}早于前序行政复议的审结日期"
            f"{reconsideration_concluded_on:%Y-%m-%d}，请核对日期或前序案件。"
        )


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class AppealDeadline:
    due: dt.date
    basis: str
    explanation: str


def appeal_deadline(
    *,
    kind: AppealKind | str,
    filed_on: dt.date,
    accepted_on: dt.date | None = None,
    extended: bool = False,
    policy: AppealPolicy = DEFAULT_APPEAL_POLICY,
) -> AppealDeadline:
    """When the reconsideration body or the court should decide (calendar days, the start day not counted)."""
    chosen = AppealKind(kind)
    start = accepted_on or filed_on
    if chosen is AppealKind.RECONSIDERATION:
        days = policy.reconsideration_days + (policy.reconsideration_extension_days if extended else 0)
        due = start + dt.timedelta(days=days)
        extra = f"，经批准延长{policy.reconsideration_extension_days}日" if extended else ""
        if accepted_on is None:
            counted = f"受理日期未登记，暂按提出日期{start:%Y年%m月%d日}起算：自受理之日起"
        else:
            counted = f"自{start:%Y年%m月%d日}受理之日起"
        return AppealDeadline(
            due,
            "《中华人民共和国行政复议法》第六十二条",
            f"{counted}{policy.reconsideration_days}日内作出行政复议决定{extra}，"
            f"即{due:%Y年%m月%d日}前（期限待核实，可配置）",
        )
    due = _add_months(start, policy.litigation_months)
    if accepted_on is None:
        counted = f"立案日期未登记，暂按起诉日期{start:%Y年%m月%d日}起算：自立案之日起"
    else:
        counted = f"自{start:%Y年%m月%d日}立案之日起"
    return AppealDeadline(
        due,
        "《中华人民共和国行政诉讼法》第八十一条",
        f"{counted}{policy.litigation_months}个月内作出第一审判决，"
        f"即{due:%Y年%m月%d日}前（期限待核实，可配置）",
    )


def direct_litigation_note(
    *, kind: AppealKind | str, filed_on: dt.date, concerns_refusal: bool
) -> str | None:
    """A reminder when a refusal to disclose went straight to court after 2024-01-01 (行政复议法 Art. 23)."""
    if (
        AppealKind(kind) is AppealKind.LITIGATION_DIRECT
        and concerns_refusal
        and filed_on >= REVIEW_BEFORE_COURT_FROM
    ):
        return "自2024年1月1日起，对不予公开政府信息决定不服的，应当先申请行政复议（行政复议法第二十三条）；请核对案件类型。"
    return None


def table4_column(
    *, filed_on: dt.date, outcome: Outcome | str, concluded_on: dt.date | None, year: int
) -> str | None:
    """The column of table 四 a case counts in for `year`, or None if it does not count that year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if filed_on > last:
        return None
    if concluded_on is not None and concluded_on < first:
        return None
    if concluded_on is None or concluded_on > last:
        return Outcome.PENDING.value
    return Outcome(outcome).value


def table4_counts(
    cases: Iterable[tuple[AppealKind | str, dt.date, Outcome | str, dt.date | None]], *, year: int
) -> dict[str, int]:
    """The 15 cells of table 四 from (kind, filed_on, outcome, concluded_on) records."""
    cells = dict.fromkeys(table4_cell_ids(), 0)
    for kind, filed_on, outcome, concluded_on in cases:
        column = table4_column(filed_on=filed_on, outcome=outcome, concluded_on=concluded_on, year=year)
        if column is None:
            continue
        group = AppealKind(kind).value
        cells[f"t4.{group}.{column}"] += 1
        cells[f"t4.{group}.total"] += 1
    return cells
