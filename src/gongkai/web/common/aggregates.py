"""Counting several subsets of one table in one query."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet

__all__ = ["count_each"]


def count_each(rows: QuerySet[Any], subsets: Mapping[str, Q]) -> dict[str, int]:
    """The number of `rows` in each subset, by its name: one `COUNT(…) FILTER (WHERE …)` per subset, one query."""
    counts = rows.aggregate(**{name: Count("pk", filter=condition) for name, condition in subsets.items()})
    return {name: counts[name] or 0 for name in subsets}
