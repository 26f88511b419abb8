"""The server-rendered SVG charts: well-formed, accessible, faithful to the figures, blanks never drawn as 0."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.web.supervision.charts import BarChart, Series, bar_chart, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_the_chart_names_itself_and_states_every_figure() -> None:
    chart = BarChart(
        title="政府信息公开申请（件）",
        years=(2023, 2024, 2025),
        series=(Series("本年新收", (12, 30, None)), Series("本年办结", (10, 28, 5))),
        ident="chart-a",
    )
    root = parse(bar_chart(chart))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-a-title chart-a-desc"
    assert root.find(f"{SVG}title").text == "政府信息公开申请（件）"  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert (
        desc
        == "2023年：本年新收12件，本年办结10件；2024年：本年新收30件，本年办结28件；2025年：本年新收未报，本年办结5件。"
    )
    bars = root.findall(f".//{SVG}rect[{SVG}title]")
    assert [b.find(f"{SVG}title").text for b in bars] == [  # type: ignore[union-attr]
        "2023年 本年新收：12件", "2023年 本年办结：10件", "2024年 本年新收：30件", "2024年 本年办结：28件",
        "2025年 本年办结：5件",
    ]  # fmt: skip


@given(values=st.lists(st.one_of(st.none(), st.integers(0, 10**7)), min_size=1, max_size=6))
def test_bar_heights_are_proportional_and_within_the_plot(values: list[int | None]) -> None:
    chart = BarChart(
        title="t", years=tuple(range(2020, 2020 + len(values))), series=(Series("s", tuple(values)),)
    )
    root = parse(bar_chart(chart, height=260))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    given_values = [v for v in values if v is not None]
    assert len(bars) == len(given_values)
    top = nice_ceiling(max(given_values, default=0))
    plot_height = 260 - 18 - 62
    for bar, value in zip(bars, given_values, strict=True):
        height = float(bar.get("height", "0"))
        assert abs(height - plot_height * value / top) < 0.06
        assert 0 <= height <= plot_height + 0.05


def test_axis_tops_are_round_numbers() -> None:
    assert [nice_ceiling(v) for v in (0, 1, 2, 3, 7, 10, 11, 46, 101, 5000, 5001)] == [
        1, 1, 2, 5, 10, 10, 20, 50, 200, 5000, 10000,
    ]  # fmt: skip


def test_text_is_escaped_and_bad_series_are_refused() -> None:
    svg = bar_chart(BarChart(title="<b>&", years=(2024,), series=(Series("a<b", (1,)),)))
    assert "<b>&" not in svg
    parse(svg)
    with pytest.raises(ValueError, match="values for 2 years"):
        bar_chart(BarChart(title="t", years=(2024, 2025), series=(Series("s", (1,)),)))
    with pytest.raises(ValueError, match="negative"):
        bar_chart(BarChart(title="t", years=(2024,), series=(Series("s", (-1,)),)))
