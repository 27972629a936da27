"""SVG charts of value against target, drawn here so the HTML report needs no network.

Every chart has the same frame (size, plot area, baseline), so a grid of them lines up;
each bar carries its value as a label, the y axis has ticks at round values, and the
target is a dashed line. Colours follow the status.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

from methodnet.russian import number

if TYPE_CHECKING:
    from methodnet.engine.result import IndicatorResult

STATUS_COLOUR = {"met": "#2e7d32", "not_met": "#c62828", "in_progress": "#1565c0", "no_target": "#607d8b",
                 "no_data": "#9e9e9e", "unavailable": "#9e9e9e"}
STATUS_FILL = {"met": "#e8f5e9", "not_met": "#ffebee", "in_progress": "#e3f2fd", "no_target": "#eceff1",
               "no_data": "#f5f5f5", "unavailable": "#f5f5f5"}

WIDTH, HEIGHT = 300, 180
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 16, 24


def nice_top(value: float) -> float:
    """The smallest round number (1, 2, 2.5, 5 × 10^k) at or above ``value``: the axis maximum."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude + 1e-9:
            return step * magnitude
    return 10 * magnitude


def value_text(row: "IndicatorResult") -> str:
    from methodnet.report.text import fmt

    return fmt(row.value, row.unit, row.denominator)


def chart_svg(name: str, rows: list["IndicatorResult"]) -> str:
    """Bars of value per period with value labels, a y axis with ticks, a dash for the target."""
    values = [r.value for r in rows if r.value is not None] + [r.target for r in rows if r.target is not None]
    percent = all(r.unit == "%" for r in rows)
    top = 100.0 if percent and max(values + [0]) <= 100 else nice_top(max(values + [0.0]))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base = TOP + inner_h
    y = lambda v: base - inner_h * v / top  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{html.escape(name)}" class="chart">']
    for tick in (0, top / 2, top):  # the y axis: grid lines at 0, half and the top
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" y2="{y(tick):.1f}" '
                     f'stroke="#e0e0e0"/>')
        label = number(tick) + (" %" if percent else "")
        parts.append(f'<text class="tick" x="{LEFT - 4}" y="{y(tick) + 3:.1f}" font-size="10" text-anchor="end" '
                     f'fill="#616161">{html.escape(label)}</text>')
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#9e9e9e"/>')
    parts.append(f'<line class="baseline" x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="#616161"/>')
    step = inner_w / max(len(rows), 1)
    for i, row in enumerate(rows):
        x = LEFT + i * step + step * 0.2
        w = step * 0.6
        if row.value is not None:
            h = inner_h * min(row.value, top) / top
            tip = f"{row.period}: {value_text(row)}"
            if row.numerator is not None and row.denominator is not None:
                tip += f" ({number(row.numerator)} из {number(row.denominator)})"
            if row.target is not None:
                tip += f"; цель {number(row.target)}"
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
                         f'fill="{STATUS_COLOUR.get(row.status, "#9e9e9e")}"><title>{html.escape(tip)}</title></rect>')
            parts.append(f'<text class="value" x="{x + w / 2:.1f}" y="{max(base - h - 3, TOP - 4):.1f}" '
                         f'font-size="11" text-anchor="middle">{html.escape(value_text(row))}</text>')
        if row.target is not None:
            ty = y(min(row.target, top))
            parts.append(f'<line class="target" x1="{x - 3:.1f}" y1="{ty:.1f}" x2="{x + w + 3:.1f}" y2="{ty:.1f}" '
                         'stroke="#212121" stroke-width="2" stroke-dasharray="4 2"/>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{HEIGHT - 8}" font-size="11" text-anchor="middle">'
                     f'{html.escape(row.period)}</text>')
    parts.append("</svg>")
    return "".join(parts)
