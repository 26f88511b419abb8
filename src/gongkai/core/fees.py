"""Information-processing fees (信息处理费) under 国办函〔2020〕109号, with the rates as data.

Two methods, one per request, never both; both progressive (超额累进), like tax brackets:

- 按件计收 (per request), counted per applicant per calendar month: the 1st–10th request are free, the
  11th–30th cost 100 元 each, and from the 31st the rate rises by 100 元 for each further band of 10
  (31–40: 200 元, 41–50: 300 元 …). `per_request_fee(n)` is the fee for the applicant's nth request this month.
- 按量计收 (per page, for one request): pages 1–30 free; 31–100: 10 元/page; 101–200: 20 元/page; from 201:
  40 元/page. 250 pages = 70×10 + 100×20 + 50×40 = 4 700 元.

A revised rule is a change to `DEFAULT_SCHEDULE` (or a schedule passed in), not to the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gongkai.core.errors import FeeError, FeeMethodConflictError

__all__ = [
    "DEFAULT_SCHEDULE",
    "MAX_PAGES",
    "MAX_REQUESTS_IN_MONTH",
    "FeeBand",
    "FeeMethod",
    "FeeQuote",
    "FeeSchedule",
    "Progression",
    "RateBand",
    "per_page_fee",
    "per_request_fee",
    "quote",
]


class FeeMethod(StrEnum):
    PER_REQUEST = "per_request"  # 按件计收
    PER_PAGE = "per_page"  # 按量计收


METHOD_LABELS = {FeeMethod.PER_REQUEST: "按件计收", FeeMethod.PER_PAGE: "按量计收"}


@dataclass(frozen=True)
class RateBand:
    """A band of the schedule: units `first`..`last` (None: no upper end) at `rate` 元 per unit."""

    first: int
    last: int | None
    rate: Decimal


@dataclass(frozen=True)
class Progression:
    """How per-request bands continue past the listed ones: every `width` requests, `increment` 元 more."""

    width: int
    increment: Decimal


@dataclass(frozen=True)
class FeeBand:
    """One line of a quote's breakdown: `units` units in `first`..`last` at `rate`, costing `amount`."""

    first: int
    last: int | None
    rate: Decimal
    units: int
    amount: Decimal
    unit: str  # 件 or 页

    def describe(self) -> str:
        span = (
            f"第{self.first}{self.unit}起" if self.last is None else f"第{self.first}至{self.last}{self.unit}"
        )
        if self.rate == 0:
            return f"{span}：免费（{self.units}{self.unit}）"
        return f"{span}：每{self.unit}{_yuan(self.rate)} × {self.units}{self.unit} = {_yuan(self.amount)}"


@dataclass(frozen=True)
class FeeSchedule:
    basis: str
    per_request: tuple[RateBand, ...]
    per_request_progression: Progression | None
    per_page: tuple[RateBand, ...]

    def __post_init__(self) -> None:
        for name, bands in (("per_request", self.per_request), ("per_page", self.per_page)):
            expected = 1
            for index, band in enumerate(bands):
                if band.first != expected or band.rate < 0:
                    raise FeeError(f"收费标准 {name} 的第{index + 1}档不连续或费率为负。")
                if band.last is None:
                    if index != len(bands) - 1:
                        raise FeeError(f"收费标准 {name} 中只有最后一档可以不设上限。")
                    break
                if band.last < band.first:
                    raise FeeError(f"收费标准 {name} 的第{index + 1}档上限小于下限。")
                expected = band.last + 1
            else:
                if name == "per_page" or self.per_request_progression is None:
                    raise FeeError(f"收费标准 {name} 的最后一档须不设上限，或给出递增规则。")

    def request_band(self, number: int) -> RateBand:
        """The band the applicant's `number`th request of the month falls in."""
        for band in self.per_request:
            if band.last is None or number <= band.last:
                return band
        progression = self.per_request_progression
        assert progression is not None  # checked in __post_init__
        last = self.per_request[-1]
        assert last.last is not None
        steps = (number - last.last - 1) // progression.width
        first = last.last + 1 + steps * progression.width
        return RateBand(first, first + progression.width - 1, last.rate + progression.increment * (steps + 1))


DEFAULT_SCHEDULE = FeeSchedule(
    basis="《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    per_request=(
        RateBand(1, 10, Decimal(0)),
        RateBand(11, 30, Decimal(100)),
    ),
    per_request_progression=Progression(width=10, increment=Decimal(100)),
    per_page=(
        RateBand(1, 30, Decimal(0)),
        RateBand(31, 100, Decimal(10)),
        RateBand(101, 200, Decimal(20)),
        RateBand(201, None, Decimal(40)),
    ),
)


@dataclass(frozen=True)
class FeeQuote:
    method: FeeMethod
    quantity: int  # the request's number in the month, or the number of pages
    amount: Decimal  # 元
    bands: tuple[FeeBand, ...]
    basis: str

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    def explain(self) -> str:
        if self.method is FeeMethod.PER_REQUEST:
            head = f"{self.method_label}：本月第{self.quantity}件申请，收费{_yuan(self.amount)}"
        else:
            head = f"{self.method_label}：共{self.quantity}页，收费{_yuan(self.amount)}"
        return "\n".join([head, *(f"  {band.describe()}" for band in self.bands), f"依据：{self.basis}"])


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}".rstrip("0").rstrip(".") + "元"


# Far beyond any request (a million pages is some 200 boxes of paper; ten thousand requests in one applicant's
# month is over three hundred a day): a larger figure is a typing mistake, not a fee to quote.
MAX_PAGES = 1_000_000
MAX_REQUESTS_IN_MONTH = 10_000


def _count(value: object, what: str, *, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FeeError(f"{what}应为整数，而不是 {value!r}。")
    if value < minimum:
        raise FeeError(f"{what}不能小于{minimum}。")
    if value > maximum:
        raise FeeError(f"{what}{value}超过了合理范围（不超过{maximum}），请核对。")
    return value


def per_request_fee(request_number_in_month: int, *, schedule: FeeSchedule = DEFAULT_SCHEDULE) -> FeeQuote:
    """按件计收: the fee for the applicant's nth request in the calendar month."""
    number = _count(request_number_in_month, "本月申请的件次", minimum=1, maximum=MAX_REQUESTS_IN_MONTH)
    band = schedule.request_band(number)
    charged = FeeBand(band.first, band.last, band.rate, 1, band.rate, "件")
    return FeeQuote(FeeMethod.PER_REQUEST, number, band.rate, (charged,), schedule.basis)


def per_page_fee(pages: int, *, schedule: FeeSchedule = DEFAULT_SCHEDULE) -> FeeQuote:
    """按量计收: the fee for one request of `pages` pages, band by band."""
    count = _count(pages, "页数", minimum=0, maximum=MAX_PAGES)
    charged: list[FeeBand] = []
    for band in schedule.per_page:
        top = count if band.last is None else min(count, band.last)
        units = top - band.first + 1
        if units <= 0:
            break
        charged.append(FeeBand(band.first, top, band.rate, units, band.rate * units, "页"))
    amount = sum((band.amount for band in charged), Decimal(0))
    return FeeQuote(FeeMethod.PER_PAGE, count, amount, tuple(charged), schedule.basis)


def quote(
    *,
    requests_this_month: int | None = None,
    pages: int | None = None,
    schedule: FeeSchedule = DEFAULT_SCHEDULE,
) -> FeeQuote:
    """The fee for one request by exactly one method; asking for both is refused (one method per request)."""
    if requests_this_month is not None and pages is not None:
        raise FeeMethodConflictError(
            "同一件申请只能选择一种收费方式：按件计收或按量计收，不能同时按两种方式收费（国办函〔2020〕109号）。"
        )
    if requests_this_month is not None:
        return per_request_fee(requests_this_month, schedule=schedule)
    if pages is not None:
        return per_page_fee(pages, schedule=schedule)
    raise FeeError("请给出本月申请件次（按件计收）或页数（按量计收）之一。")
