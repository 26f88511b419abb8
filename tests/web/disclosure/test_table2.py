"""Table 二 from the register: rules and normative documents issued, repealed and in force by their lifecycle, the
same as the core's rule on any set of documents, and consistent from one year to the next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.disclosure import lifecycle_counts
from gongkai.web.disclosure import selectors, services
from gongkai.web.disclosure.models import RegisterItem
from tests.web.conftest import Staff, Tree
from tests.web.disclosure.conftest import MakeItem

D = dt.date


def test_lifecycle_across_years(make_item: MakeItem, staff: Staff, tree: Tree) -> None:
    def issue(title: str, kind: str, on: dt.date) -> RegisterItem:
        item = make_item(title=title, document_kind=kind, doc_number="", formed_on=on)
        services.document_record(item=item, by=staff.officer, kind="issued", on=on, instrument=f"{title}号")
        return item

    rule = issue("吴忠市政务服务管理办法", "rules", D(2022, 3, 1))
    first = issue("关于规范容缺受理的通知", "normative", D(2023, 6, 1))
    second = issue("关于推行告知承诺制的通知", "normative", D(2024, 2, 1))
    services.document_record(
        item=first, by=staff.officer, kind="amended", on=D(2024, 4, 1), instrument="修改决定"
    )
    services.document_record(
        item=first, by=staff.officer, kind="repealed", on=D(2025, 3, 1), instrument="废止决定"
    )
    services.document_record(item=second, by=staff.officer, kind="expired", on=D(2025, 12, 31))
    make_item(title="尚未制发的文件", document_kind="normative")  # counts nowhere

    def row(year: int, kind: str) -> tuple[Any, ...]:
        cells = selectors.table2_cells(agency=tree.bureau, year=year)
        return tuple(cells[f"t2.{kind}.{c}"] for c in ("issued", "repealed", "in_force"))

    assert row(2022, "rules") == (1, 0, 1)
    assert row(2023, "rules") == (0, 0, 1)
    assert row(2023, "normative") == (1, 0, 1)
    assert row(2024, "normative") == (1, 0, 2)  # an amendment is not a new document
    assert row(2025, "normative") == (0, 2, 0)  # repealed in March, expired on 31 December
    assert row(2026, "normative") == (0, 0, 0)
    assert row(2021, "rules") == (0, 0, 0)
    assert selectors.table2_cells(agency=tree.other, year=2024)["t2.normative.in_force"] == 0
    assert rule.pk


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dt.date | None, dt.date | None]:
    kind = draw(st.sampled_from(["rules", "normative"]))
    issued = draw(st.one_of(st.none(), st.dates(D(2018, 1, 1), D(2026, 12, 31))))
    ended = None if issued is None else draw(st.one_of(st.none(), st.dates(issued, D(2027, 6, 30))))
    return kind, issued, ended


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(documents(), max_size=30), year=st.integers(2019, 2026))
def test_table2_by_sql_equals_the_rule_of_the_core(
    tree: Tree, staff: Staff, docs: list[tuple[str, dt.date | None, dt.date | None]], year: int
) -> None:
    with transaction.atomic():
        RegisterItem.objects.bulk_create(
            RegisterItem(
                agency=tree.bureau,
                index_number=f"T/{n}",
                title="x",
                issuing_agency="x",
                category="a20.1",
                attribute="proactive",
                formed_on=issued or D(2018, 1, 1),
                document_kind=kind,
                issued_on=issued,
                ended_on=ended,
                created_at=timezone.now(),
            )
            for n, (kind, issued, ended) in enumerate(docs)
        )
        cells = selectors.table2_cells(agency=tree.bureau, year=year)
        before = selectors.table2_cells(agency=tree.bureau, year=year - 1)
        transaction.set_rollback(True)

    def n(values: dict[str, Any], key: str) -> int:
        value = values[key]
        assert isinstance(value, int)
        return value

    for kind in ("rules", "normative"):
        expected = lifecycle_counts([(i, e) for k, i, e in docs if k == kind], year=year)
        assert (cells[f"t2.{kind}.issued"], cells[f"t2.{kind}.repealed"], cells[f"t2.{kind}.in_force"]) == (
            expected.issued, expected.repealed, expected.in_force,
        )  # fmt: skip
        assert n(cells, f"t2.{kind}.in_force") == (
            n(before, f"t2.{kind}.in_force") + n(cells, f"t2.{kind}.issued") - n(cells, f"t2.{kind}.repealed")
        )
