"""Year-on-year bar charts as server-rendered SVG: no script, no external font or library.

    svg = bar_chart(BarChart(title="…", years=(2021, 2022), series=(Series("新收申请", (3, 5)), …)))

Accessible: the SVG is `role="img"` with a `<title>` and a `<desc>` stating every figure in words, each bar has
its own `<title>` (a tooltip and a name for assistive technology), colours differ in lightness as well as hue
and meet 3:1 against white, and the page shows the same figures as a table next to the chart. A blank figure
(None: no report gave it) is drawn as no bar with "—", never as 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

__all__ = ["PALETTE", "BarChart", "Series", "bar_chart", "nice_ceiling"]

# Dark blue, orange-brown, green, purple: distinguishable for common colour-vision deficiencies.
PALETTE: tuple[str, ...] = ("#1f4e79", "#b35806", "#2d7d46", "#6a3d9a", "#8c1c13")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class BarChart:
    title: str
    years: tuple[int, ...]
    series: tuple[Series, ...]
    unit: str = "件"
    ident: str = "chart"


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10^n at or above `value` (at least 1): the top of the axis."""
    if value <= 1:
        return 1
    magnitude: int = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _ticks(ceiling: int) -> int:
    """How many equal steps divide the axis into round whole numbers (5 → 0,1,…,5; 20 → 0,5,…,20)."""
    if ceiling <= 5:
        return ceiling
    leading = ceiling // 10 ** (len(str(ceiling)) - 1)
    return 4 if leading == 2 else 5


def _describe(chart: BarChart) -> str:
    parts = []
    for index, year in enumerate(chart.years):
        figures = "，".join(
            f"{s.name}{'未报' if s.values[index] is None else f'{s.values[index]}{chart.unit}'}"
            for s in chart.series
        )
        parts.append(f"{year}年：{figures}")
    return "；".join(parts) + "。"


def bar_chart(chart: BarChart, *, width: int = 560, height: int = 280) -> str:
    """The chart as an inline SVG element (a string of markup, escaped)."""
    for s in chart.series:
        if len(s.values) != len(chart.years):
            raise ValueError(f"series {s.name!r} has {len(s.values)} values for {len(chart.years)} years")
        if any(v is not None and v < 0 for v in s.values):
            raise ValueError(f"series {s.name!r} has a negative value: bars start at 0")
    left, right, top, bottom = 52, 12, 18, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max((v for s in chart.series for v in s.values if v is not None), default=0)
    ceiling = nice_ceiling(highest)
    title_id, desc_id = f"{chart.ident}-title", f"{chart.ident}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="bar-chart" id="{escape(chart.ident)}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(_describe(chart))}</desc>',
        '<g font-family="sans-serif" font-size="14" fill="#1b1f24">',
    ]
    ticks = _ticks(ceiling)
    for step in range(ticks + 1):
        tick = ceiling * step // ticks
        y = top + plot_h - plot_h * step / ticks
        label = str(tick)
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c9d0d8"/>')
        out.append(f'<text x="{left - 6}" y="{y + 5:.1f}" text-anchor="end">{label}</text>')
    groups = max(1, len(chart.years))
    group_w = plot_w / groups
    bars = max(1, len(chart.series))
    bar_w = min(34.0, group_w * 0.8 / bars)
    for index, year in enumerate(chart.years):
        x0 = left + group_w * index + (group_w - bar_w * bars) / 2
        for number, s in enumerate(chart.series):
            value = s.values[index]
            x = x0 + bar_w * number
            colour = PALETTE[number % len(PALETTE)]
            tip = f"{year}年 {s.name}：{'未报' if value is None else f'{value}{chart.unit}'}"
            if value is None:
                out.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 4:.1f}" text-anchor="middle" '
                    f'fill="#4a5460"><title>{escape(tip)}</title>—</text>'
                )
                continue
            h = plot_h * value / ceiling
            y = top + plot_h - h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            out.append(
                f'<text x="{x + bar_w / 2 - 1:.1f}" y="{y - 3:.1f}" text-anchor="middle">{value}</text>'
            )
        out.append(
            f'<text x="{left + group_w * index + group_w / 2:.1f}" y="{top + plot_h + 19}" '
            f'text-anchor="middle">{year}</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#4a5460"/>'
    )
    legend_x = float(left)
    legend_y = height - 12
    for number, s in enumerate(chart.series):
        colour = PALETTE[number % len(PALETTE)]
        out.append(f'<rect x="{legend_x:.1f}" y="{legend_y - 11}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{legend_x + 16:.1f}" y="{legend_y}">{escape(s.name)}</text>')
        legend_x += 28 + 14 * len(s.name)
    out.append("</g></svg>")
    return "".join(out)
