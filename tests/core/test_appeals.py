"""Reconsideration and litigation: records that can be true, deadlines, and table 四's counting across years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.appeals import (
    AppealKind,
    Outcome,
    appeal_deadline,
    check_after_reconsideration,
    check_appeal,
    check_extension,
    direct_litigation_note,
    table4_cell_ids,
    table4_column,
    table4_counts,
)
from gongkai.core.errors import AppealError

D = dt.date
TODAY = D(2026, 11, 28)


def test_table4_has_fifteen_cells_matching_the_template() -> None:
    from gongkai.core.report.templates import TEMPLATE_2021

    assert table4_cell_ids() == tuple(c for c in TEMPLATE_2021.cell_ids if c.startswith("t4."))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome": "pending", "concluded_on": D(2025, 3, 1)}, "尚未审结的案件不填写审结日期"),
        ({"outcome": "upheld", "concluded_on": None}, "登记“结果维持”须填写审结日期"),
        ({"outcome": "corrected", "concluded_on": D(2024, 12, 1)}, "审结日期2024-12-01早于提出日期"),
        ({"outcome": "won", "concluded_on": None}, "未知的审理结果"),
        (
            {"outcome": "pending", "concluded_on": None, "accepted_on": D(2024, 12, 1)},
            "受理日期.*早于提出日期",
        ),
        (
            {"outcome": "pending", "concluded_on": None, "accepted_on": D(2027, 1, 1)},
            "受理（立案）日期2027-01-01晚于今天",
        ),
        (
            {"outcome": "upheld", "concluded_on": D(2025, 1, 20), "accepted_on": D(2025, 1, 25)},
            "审结日期2025-01-20早于受理日期2025-01-25",
        ),
        ({"outcome": "upheld", "concluded_on": D(2026, 12, 1)}, "审结日期2026-12-01晚于今天"),
    ],
)
def test_records_that_cannot_be_true_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(AppealError, match=message):
        check_appeal(kind="reconsideration", filed_on=D(2025, 1, 10), today=TODAY, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("filed_on", "message"),
    [(D(2026, 11, 29), "提出（起诉）日期2026-11-29晚于今天"), (D(2005, 3, 1), "早于2008年5月1日")],
)
def test_a_case_is_filed_between_the_regulations_and_today(filed_on: dt.date, message: str) -> None:
    with pytest.raises(AppealError, match=message):
        check_appeal(
            kind="reconsideration", filed_on=filed_on, outcome="pending", concluded_on=None, today=TODAY
        )
    check_appeal(kind="reconsideration", filed_on=TODAY, outcome="pending", concluded_on=None, today=TODAY)


def test_an_extension_is_decided_after_the_case_was_filed_and_accepted() -> None:
    with pytest.raises(AppealError, match="延长决定日期2026-11-01早于提出日期2026-11-15"):
        check_extension(on=D(2026, 11, 1), filed_on=D(2026, 11, 15), accepted_on=None, today=TODAY)
    with pytest.raises(AppealError, match="延长决定日期2026-11-16早于受理日期2026-11-17"):
        check_extension(
            on=D(2026, 11, 16), filed_on=D(2026, 11, 15), accepted_on=D(2026, 11, 17), today=TODAY
        )
    with pytest.raises(AppealError, match="延长决定日期2026-12-01晚于今天"):
        check_extension(on=D(2026, 12, 1), filed_on=D(2026, 11, 15), accepted_on=None, today=TODAY)
    check_extension(on=D(2026, 11, 17), filed_on=D(2026, 11, 15), accepted_on=D(2026, 11, 17), today=TODAY)


def test_a_lawsuit_after_reconsideration_is_filed_after_its_decision() -> None:
    with pytest.raises(AppealError, match="起诉日期2025-01-01早于前序行政复议的审结日期2025-05-02"):
        check_after_reconsideration(filed_on=D(2025, 1, 1), reconsideration_concluded_on=D(2025, 5, 2))
    with pytest.raises(AppealError, match="前序行政复议案件尚未审结"):
        check_after_reconsideration(filed_on=D(2025, 6, 1), reconsideration_concluded_on=None)
    check_after_reconsideration(filed_on=D(2025, 5, 2), reconsideration_concluded_on=D(2025, 5, 2))


def test_the_deadline_says_when_it_counts_from_the_filing_date_for_want_of_an_acceptance_date() -> None:
    accepted = appeal_deadline(kind="reconsideration", filed_on=D(2026, 11, 15), accepted_on=D(2026, 11, 17))
    assert accepted.explanation.startswith("自2026年11月17日受理之日起60日内")
    unknown = appeal_deadline(kind="reconsideration", filed_on=D(2026, 11, 15))
    assert unknown.explanation.startswith(
        "受理日期未登记，暂按提出日期2026年11月15日起算：自受理之日起60日内"
    )
    assert "自2026年11月15日受理之日起" not in unknown.explanation
    lawsuit = appeal_deadline(kind="litigation_direct", filed_on=D(2026, 11, 15))
    assert lawsuit.explanation.startswith("立案日期未登记，暂按起诉日期2026年11月15日起算")
    filed = appeal_deadline(kind="litigation_direct", filed_on=D(2026, 11, 15), accepted_on=D(2026, 11, 20))
    assert filed.explanation.startswith("自2026年11月20日立案之日起6个月内")


def test_reconsideration_is_due_sixty_days_after_acceptance_or_ninety_when_extended() -> None:
    plain = appeal_deadline(kind="reconsideration", filed_on=D(2025, 1, 2), accepted_on=D(2025, 1, 6))
    assert plain.due == D(2025, 3, 7)
    assert "第六十二条" in plain.basis
    assert "待核实" in plain.explanation
    extended = appeal_deadline(
        kind="reconsideration", filed_on=D(2025, 1, 2), accepted_on=D(2025, 1, 6), extended=True
    )
    assert extended.due == D(2025, 4, 6)


def test_litigation_is_due_six_months_after_filing_at_month_end_safely() -> None:
    assert appeal_deadline(kind="litigation_direct", filed_on=D(2025, 8, 31)).due == D(2026, 2, 28)
    assert appeal_deadline(kind="litigation_after", filed_on=D(2025, 3, 15)).due == D(2025, 9, 15)


def test_direct_litigation_of_a_refusal_after_2024_is_flagged() -> None:
    assert direct_litigation_note(kind="litigation_direct", filed_on=D(2024, 3, 1), concerns_refusal=True)
    assert (
        direct_litigation_note(kind="litigation_direct", filed_on=D(2023, 3, 1), concerns_refusal=True)
        is None
    )
    assert (
        direct_litigation_note(kind="reconsideration", filed_on=D(2024, 3, 1), concerns_refusal=True) is None
    )


def test_a_pending_case_counts_every_year_until_it_is_concluded() -> None:
    case = ("reconsideration", D(2023, 11, 20), "corrected", D(2025, 2, 1))
    assert table4_counts([case], year=2022)["t4.reconsideration.total"] == 0
    assert table4_counts([case], year=2023)["t4.reconsideration.pending"] == 1
    assert table4_counts([case], year=2024)["t4.reconsideration.pending"] == 1
    in_2025 = table4_counts([case], year=2025)
    assert in_2025["t4.reconsideration.corrected"] == 1
    assert in_2025["t4.reconsideration.pending"] == 0
    assert in_2025["t4.reconsideration.total"] == 1
    assert table4_counts([case], year=2026)["t4.reconsideration.total"] == 0
    assert table4_column(filed_on=D(2025, 1, 1), outcome="pending", concluded_on=None, year=2030) == "pending"


CASES = st.tuples(
    st.sampled_from(list(AppealKind)),
    st.dates(D(2019, 1, 1), D(2026, 12, 31)),
    st.sampled_from([Outcome.UPHELD, Outcome.CORRECTED, Outcome.OTHER, Outcome.PENDING]),
    st.integers(0, 900),
).map(lambda t: (t[0], t[1], t[2], None if t[2] is Outcome.PENDING else t[1] + dt.timedelta(days=t[3])))


@given(st.lists(CASES, max_size=40), st.integers(2019, 2026))
def test_totals_and_carry_over(
    cases: list[tuple[AppealKind, dt.date, Outcome, dt.date | None]], year: int
) -> None:
    cells = table4_counts(cases, year=year)
    for kind in AppealKind:
        parts = [cells[f"t4.{kind.value}.{c}"] for c in ("upheld", "corrected", "other", "pending")]
        assert cells[f"t4.{kind.value}.total"] == sum(parts)
    # Every case still open at the end of last year counts again this year (pending or concluded).
    carried = sum(
        1 for _, filed, _, concluded in cases
        if filed <= D(year - 1, 12, 31) and (concluded is None or concluded >= D(year, 1, 1))
    )  # fmt: skip
    filed_now = sum(1 for _, filed, _, _ in cases if D(year, 1, 1) <= filed <= D(year, 12, 31))
    assert sum(cells[f"t4.{k.value}.total"] for k in AppealKind) == carried + filed_now
