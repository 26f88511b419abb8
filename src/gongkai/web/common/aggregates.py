"""Counting several subsets of one table, as a queue page's tabs do."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet

__all__ = ["count_each"]


def count_each(rows: QuerySet[Any], subsets: Mapping[str, Q]) -> dict[str, int]:
    """The number of `rows` in each subset, by its name: one COUNT per subset, each free to use its own index.
    One statement with a `COUNT(…) FILTER (WHERE …)` per subset reads every row instead: for the eight case
    queues of an agency with 1 000 000 cases, 660–1 065 ms on SQLite against 50 ms (benchmarks/web_table3.py)."""
    return {name: rows.filter(condition).count() for name, condition in subsets.items()}
