"""Numbers read from a URL: one place that decides what a year or an id in a link may be.

A query parameter that is not a usable number is treated as absent (the page shows its default), and a path
segment that is not one is no match (404) — never an exception. `str.isdigit` alone is not enough: it accepts
'²' and '٣', which `int` refuses, so only ASCII digits count.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "IdConverter",
    "YearConverter",
    "int_param",
    "object_param",
    "year_param",
]

FIRST_YEAR = 2000
LAST_YEAR = 2100
_MAX_ID_DIGITS = 18  # below 2**63, the widest primary key of either database

_M = TypeVar("_M", bound=Model)


def int_param(raw: object, *, low: int, high: int) -> int | None:
    """`raw` as an int when it is ASCII digits within [low, high], else None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


def year_param(raw: object, *, last: int = LAST_YEAR) -> int | None:
    """A year from a query string: four digits between FIRST_YEAR and `last`, else None."""
    return int_param(raw, low=FIRST_YEAR, high=last)


def object_param(objects: QuerySet[_M], raw: object) -> _M | None:
    """The object of `objects` whose id is `raw`, or None when `raw` is no id or not among them."""
    pk = int_param(raw, low=1, high=10**_MAX_ID_DIGITS - 1)
    return objects.filter(pk=pk).first() if pk is not None else None


class IdConverter:
    """`<id:pk>` in a URL pattern: a positive number that fits a primary key of either database, or no match."""

    regex = f"[0-9]{{1,{_MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter:
    """`<year:year>` in a URL pattern: a year the system can reason about, or no match (404)."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(value)
        return year

    def to_url(self, value: int) -> str:
        return f"{value:04d}"
