"""Counting several subsets of one table."""

from __future__ import annotations

from django.db.models import Q

from gongkai.web.agencies.models import Agency
from gongkai.web.common.aggregates import count_each
from tests.web.conftest import Tree


def test_each_subset_is_counted_by_its_name(tree: Tree) -> None:
    subsets = {
        "departments": Q(level="department"),
        "under_the_city": Q(path__startswith=tree.city.path),
        "none": Q(pk__in=[]),
    }
    assert count_each(Agency.objects.all(), subsets) == {"departments": 2, "under_the_city": 3, "none": 0}
    assert count_each(Agency.objects.none(), {"all": Q()}) == {"all": 0}
