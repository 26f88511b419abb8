from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.report.parse.values import is_value_like, read_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("3119", 3119),
        ("３１１９", 3119),
        ("3,119", 3119),
        ("3，119", 3119),
        ("3 119", 3119),
        (" 12 ", 12),
        ("5件", 5),
        ("7.0", 7),
        ("-3", -3),
    ],
)
def test_counts_are_read_as_written(text: str, expected: int) -> None:
    reading = read_value(text, "count")
    assert reading.kind == "value"
    assert reading.value == expected
    assert isinstance(reading.value, int)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("96171.6", "96171.6"), ("96,171.6", "96171.6"), ("0", "0"), ("2.5万元", "2.5"), ("0.0012", "0.0012")],
)
def test_amounts_are_exact_decimals(text: str, expected: str) -> None:
    reading = read_value(text, "amount")
    assert reading.kind == "value"
    assert reading.value == Decimal(expected)
    assert isinstance(reading.value, Decimal)


@pytest.mark.parametrize("text", ["", "   ", "\u3000\u3000", "\xa0"])
def test_blank_cells_are_blank_not_zero(text: str) -> None:
    assert read_value(text, "count").kind == "blank"
    assert read_value(text, "count").value is None


@pytest.mark.parametrize("text", ["/", "／", "—", "——", "-", "－", "–", "无", " / "])
def test_markers_written_instead_of_zero_are_none(text: str) -> None:
    reading = read_value(text, "count")
    assert reading.kind == "marker"
    assert reading.value is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1O", "count"),
        ("3件?", "count"),
        ("1.5", "count"),
        ("1,2", "count"),
        ("约5", "count"),
        ("3940元", "amount"),
    ],
)
def test_garbage_is_unreadable_never_guessed(text: str, kind: str) -> None:
    reading = read_value(text, "amount" if kind == "amount" else "count")
    assert reading.kind == "unreadable"
    assert reading.value is None


@given(st.integers(min_value=0, max_value=10**12))
def test_every_written_count_reads_back(number: int) -> None:
    assert read_value(str(number), "count").value == number
    assert read_value(f"{number:,}", "count").value == number


@given(st.text(max_size=12))
def test_any_text_gives_a_reading_and_never_raises(text: str) -> None:
    for kind in ("count", "amount"):
        reading = read_value(text, kind)
        assert (reading.value is None) == (reading.kind != "value")


def test_value_like_tells_figures_from_label_fragments() -> None:
    assert is_value_like("0")
    assert is_value_like("1O")
    assert is_value_like("/")
    assert not is_value_like("定”")
    assert not is_value_like("申请")
    assert not is_value_like("1.属于国家秘密")
    assert not is_value_like("")
