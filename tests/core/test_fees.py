from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.errors import FeeError, FeeMethodConflictError
from gongkai.core.fees import (
    DEFAULT_SCHEDULE,
    FeeMethod,
    FeeSchedule,
    Progression,
    RateBand,
    per_page_fee,
    per_request_fee,
    quote,
)


def test_250_pages_cost_4700_yuan() -> None:
    result = per_page_fee(250)
    assert result.method is FeeMethod.PER_PAGE
    assert result.amount == Decimal(4700)
    assert [(b.first, b.last, b.units, b.amount) for b in result.bands] == [
        (1, 30, 30, Decimal(0)),
        (31, 100, 70, Decimal(700)),
        (101, 200, 100, Decimal(2000)),
        (201, 250, 50, Decimal(2000)),
    ]
    assert "4,700元" in result.explain()
    assert "第31至100页：每页10元 × 70页 = 700元" in result.explain()


@pytest.mark.parametrize(
    ("number", "fee", "band"),
    [(1, 0, (1, 10)), (10, 0, (1, 10)), (11, 100, (11, 30)), (30, 100, (11, 30)), (31, 200, (31, 40)),
     (35, 200, (31, 40)), (40, 200, (31, 40)), (41, 300, (41, 50)), (105, 900, (101, 110))],
)  # fmt: skip
def test_the_nth_request_of_the_month(number: int, fee: int, band: tuple[int, int]) -> None:
    result = per_request_fee(number)
    assert result.method is FeeMethod.PER_REQUEST
    assert result.amount == Decimal(fee)
    (charged,) = result.bands
    assert (charged.first, charged.last, charged.units) == (*band, 1)


@pytest.mark.parametrize(
    ("pages", "fee"), [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)]
)
def test_page_band_boundaries(pages: int, fee: int) -> None:
    assert per_page_fee(pages).amount == Decimal(fee)


def test_one_method_per_request() -> None:
    with pytest.raises(FeeMethodConflictError) as caught:
        quote(requests_this_month=11, pages=250)
    assert "只能选择一种收费方式" in str(caught.value)
    assert caught.value.code == "fee.method_conflict"
    with pytest.raises(FeeError, match="之一"):
        quote()
    assert quote(pages=250).amount == Decimal(4700)
    assert quote(requests_this_month=11).amount == Decimal(100)


@pytest.mark.parametrize("bad", [0, -3, True, "11", 1.5])
def test_bad_counts_are_refused(bad: object) -> None:
    with pytest.raises(FeeError):
        per_request_fee(bad)  # type: ignore[arg-type]
    if bad != 0:
        with pytest.raises(FeeError):
            per_page_fee(bad)  # type: ignore[arg-type]


def test_a_revised_rule_is_a_data_change() -> None:
    revised = FeeSchedule(
        basis="假设的新标准",
        per_request=(RateBand(1, 20, Decimal(0)), RateBand(21, None, Decimal(50))),
        per_request_progression=None,
        per_page=(RateBand(1, 50, Decimal(0)), RateBand(51, None, Decimal("0.5"))),
    )
    assert per_request_fee(25, schedule=revised).amount == Decimal(50)
    assert per_request_fee(500, schedule=revised).amount == Decimal(50)
    assert per_page_fee(150, schedule=revised).amount == Decimal(50)
    assert per_page_fee(151, schedule=revised).amount == Decimal("50.5")
    assert quote(pages=151, schedule=revised).basis == "假设的新标准"


@pytest.mark.parametrize(
    "bands",
    [
        (RateBand(2, 10, Decimal(0)), RateBand(11, None, Decimal(1))),  # does not start at 1
        (RateBand(1, 10, Decimal(0)), RateBand(12, None, Decimal(1))),  # a gap
        (RateBand(1, None, Decimal(0)), RateBand(11, None, Decimal(1))),  # open band not last
        (RateBand(1, 10, Decimal(-1)), RateBand(11, None, Decimal(1))),  # negative
        (RateBand(1, 10, Decimal(0)),),  # ends without an open band
    ],
)
def test_a_malformed_schedule_is_refused(bands: tuple[RateBand, ...]) -> None:
    with pytest.raises(FeeError):
        FeeSchedule("x", DEFAULT_SCHEDULE.per_request, Progression(10, Decimal(100)), bands)


def _page_rate(page: int) -> int:
    return 0 if page <= 30 else 10 if page <= 100 else 20 if page <= 200 else 40


@given(st.integers(0, 2000))
def test_per_page_equals_summing_page_by_page(pages: int) -> None:
    result = per_page_fee(pages)
    assert result.amount == Decimal(sum(_page_rate(p) for p in range(1, pages + 1)))
    assert sum(b.units for b in result.bands) == pages
    assert per_page_fee(pages + 1).amount >= result.amount


@given(st.integers(1, 5000))
def test_per_request_follows_the_rule_in_words(number: int) -> None:
    expected = 0 if number <= 10 else 100 if number <= 30 else 100 * (1 + math.ceil((number - 30) / 10))
    assert per_request_fee(number).amount == Decimal(expected)


def test_figures_beyond_any_request_are_refused_as_typing_mistakes() -> None:
    with pytest.raises(FeeError, match="超过了合理范围"):
        per_page_fee(99_999_999_999_999_999_999_999)
    with pytest.raises(FeeError, match="超过了合理范围"):
        per_request_fee(10_001)
    assert per_page_fee(1_000_000).amount > 0
