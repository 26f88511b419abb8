from __future__ import annotations

import contextlib
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.errors import GongkaiError, UnreadableReportError
from gongkai.core.report.io import parse_bytes
from gongkai.core.report.parse import json_reader
from gongkai.core.report.render.json_renderer import render, to_dict
from tests.core.report.reports import huaian_2024


def _document(**changes: Any) -> dict[str, Any]:
    document = to_dict(huaian_2024())
    document.update(changes)
    return document


def _read(document: object) -> Any:
    return json_reader.read(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def test_the_amount_may_be_a_string_or_a_number_and_stays_exact() -> None:
    as_string = _document()
    assert as_string["cells"]["t2.fees.amount"] == "96171.6"
    assert _read(as_string).report["t2.fees.amount"] == Decimal("96171.6")
    as_number = json.dumps(as_string).replace('"96171.6"', "96171.6").encode()
    amount = json_reader.read(as_number).report["t2.fees.amount"]
    assert amount == Decimal("96171.6")
    assert isinstance(amount, Decimal)


def test_sources_name_the_format_and_the_raw_value() -> None:
    report = _read(_document()).report
    assert report.sources["t3.new.total"].format == "json"
    assert report.sources["t3.new.total"].raw == "3119"


def test_missing_cells_are_blank_with_a_finding() -> None:
    document = _document()
    del document["cells"]["t3.new.total"]
    result = _read(document)
    assert result.report["t3.new.total"] is None
    assert [f.code for f in result.findings] == ["parse.missing_cells"]
    assert result.findings[0].cells == ("t3.new.total",)


def test_findings_in_the_file_are_not_read_back() -> None:
    document = _document(findings=[{"code": "t3.balance", "severity": "error", "message": "x"}])
    assert _read(document).findings == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"template": "2099"}, "template"),
        ({"template": 2021}, "template"),
        ({"year": "2024"}, "year"),
        ({"year": True}, "year"),
        ({"year": 20245}, "year"),
        ({"agency": None}, "agency"),
        ({"cells": []}, "cells"),
        ({"sections": {"overview": "一段"}}, "sections.overview"),
        ({"sections": {"overview": ["a\nb"]}}, "sections.overview[0]"),
        ({"sections": {"appendix": []}}, "sections.appendix"),
        ({"findings": "none"}, "findings"),
    ],
)
def test_a_wrong_shape_is_refused_naming_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(UnreadableReportError) as caught:
        _read(_document(**change))
    assert caught.value.context["field"] == field
    assert field in str(caught.value)


@pytest.mark.parametrize(
    ("cell", "value", "raw"),
    [
        ("t3.new.total", "3119", '"3119"'),
        ("t3.new.total", 3.5, "3.5"),
        ("t3.new.total", True, "true"),
        ("t3.new.total", [1], "[1]"),
        ("t3.new.total", {"n": 1}, '{"n": 1}'),
        ("t2.fees.amount", "96,171.6", '"96,171.6"'),
        ("t2.fees.amount", "NaN", '"NaN"'),
        ("t2.fees.amount", False, "false"),
    ],
)
def test_a_wrong_cell_value_is_blank_with_a_finding_never_taken(cell: str, value: object, raw: str) -> None:
    document = _document()
    document["cells"][cell] = value
    result = _read(document)
    assert result.report.cells[cell] is None
    assert [(f.code, f.severity, f.cells, f.actual) for f in result.findings] == [
        ("parse.unreadable_value", "error", (cell,), raw)
    ]
    assert cell in result.findings[0].message
    assert "按空白处理" in result.findings[0].message
    assert result.report.sources[cell].raw == raw
    others = {k: v for k, v in result.report.cells.items() if k != cell}
    assert others == {k: v for k, v in _read(_document()).report.cells.items() if k != cell}


def test_an_unknown_cell_id_is_refused_as_another_templates_file() -> None:
    document = _document()
    document["cells"]["t3.other.total"] = 1
    with pytest.raises(UnreadableReportError) as caught:
        _read(document)
    assert caught.value.context["field"] == "cells.t3.other.total"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b"[1, 2]",
        b'"text"',
        b"{}",
        b"\xff\xfe{}",
        b'{"template": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
def test_malformed_json_is_refused(data: bytes) -> None:
    with pytest.raises(UnreadableReportError):
        json_reader.read(data)


def _only_our_errors(data: bytes) -> None:
    with contextlib.suppress(GongkaiError):
        parse_bytes(data, fmt="json")


_VALID = render(huaian_2024())


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(_VALID)))
def test_truncated_json_raises_nothing_but_our_errors(cut: int) -> None:
    _only_our_errors(_VALID[:cut])


@settings(max_examples=100, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffled_json_lines_raise_nothing_but_our_errors(random: object) -> None:
    lines = _VALID.decode("utf-8").splitlines()
    random.shuffle(lines)  # type: ignore[attr-defined]
    _only_our_errors("\n".join(lines).encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=500))
def test_random_bytes_raise_nothing_but_our_errors(data: bytes) -> None:
    _only_our_errors(data)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "template": st.sampled_from(["2021", "2019", "x"]) | _JSON_VALUES,
            "agency": _JSON_VALUES,
            "year": st.integers(1800, 3100) | _JSON_VALUES,
            "cells": st.dictionaries(st.sampled_from(["t3.new.total", "t2.fees.amount", "t9"]), _JSON_VALUES)
            | _JSON_VALUES,
            "sections": st.dictionaries(st.sampled_from(["overview", "other", "x"]), _JSON_VALUES)
            | _JSON_VALUES,
            "findings": _JSON_VALUES,
        },
    )
)
def test_random_documents_raise_nothing_but_our_errors(document: dict[str, Any]) -> None:
    _only_our_errors(json.dumps(document).encode("utf-8"))
