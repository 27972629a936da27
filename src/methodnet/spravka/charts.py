"""Charts of a note as PNG images: fact against the target trajectory, Russian number format.

Neither python-docx nor docxtpl writes native Word charts, so the charts are pictures
(matplotlib with the Agg backend: no display, works on a server). Every bar carries its
value, the target is a dashed line, axes use the decimal comma. The same PNGs can go
into the HTML report (``data:`` URI from :func:`png_data_uri`).
"""

from __future__ import annotations

import base64
import io
import math
from typing import Any

from methodnet.errors import require
from methodnet.spravka import russian as ru
from methodnet.spravka.model import Chart, ChartSeries

FACT_COLOUR = "#1f5fa8"
TARGET_COLOUR = "#c62828"
WIDTH_CM = 16.5  # text width of an A4 page with ГОСТ margins (30 mm left, 15 mm right)
_CM = 1 / 2.54


def _pyplot() -> Any:
    matplotlib = require("matplotlib", "docx")
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 8,
                         "axes.spines.top": False, "axes.spines.right": False, "axes.formatter.use_locale": False})
    return plt


def _ru_formatter() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: ru.number(value))


def _upper(series: ChartSeries) -> float:
    values = [v for v in series.facts + series.targets if v is not None]
    top = max(values, default=1.0)
    if series.unit == "%":
        return max(100.0, top) * 1.12
    return (top or 1.0) * 1.25


def _wrap(label: str, width: int) -> str:
    """At most two lines of ``width`` characters, cut with «…» (titles of small multiples must not overlap)."""
    import textwrap

    lines = textwrap.wrap(label, width)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1].rstrip() + "…"]
    return "\n".join(lines)


def _draw_series(ax: Any, series: ChartSeries, columns: int) -> None:
    x = list(range(len(series.years)))
    facts = [v if v is not None else 0.0 for v in series.facts]
    bars = ax.bar(x, facts, width=0.6, color=FACT_COLOUR, label="факт")
    for rect, value in zip(bars, series.facts):
        if value is None:  # a year not recorded (or still ahead): no bar, no label
            continue
        ax.annotate(ru.number(value), (rect.get_x() + rect.get_width() / 2, rect.get_height()), ha="center", va="bottom",
                    xytext=(0, 2), textcoords="offset points", fontsize=7)
    points = [(i, t) for i, t in zip(x, series.targets) if t is not None]
    if points:
        ax.plot([p[0] for p in points], [p[1] for p in points], linestyle="--", marker="o", markersize=3,
                color=TARGET_COLOUR, label="цель", linewidth=1.2)
    ax.set_xticks(x, series.years)
    ax.set_ylim(0, _upper(series))
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(4))  # few ticks: text is most of the drawing time
    ax.yaxis.set_major_formatter(_ru_formatter())
    ax.set_ylabel(series.unit, fontsize=7)
    ax.set_title(_wrap(series.label, 42 if columns == 2 else 95), loc="left", fontsize=7.5)


def trajectory_png(chart: Chart, dpi: int = 130) -> bytes:
    """Small multiples: for each indicator, bars of the fact by year and the dashed target trajectory."""
    return _png(trajectory_figure(chart), _pyplot(), dpi)


def trajectory_figure(chart: Chart) -> Any:
    """The figure of :func:`trajectory_png` (tests read its texts and lines)."""
    plt = _pyplot()
    n = len(chart.series)
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(WIDTH_CM * _CM, (5.0 * rows + 0.6) * _CM), squeeze=False)
    for ax, series in zip(axes.flat, chart.series):
        _draw_series(ax, series, cols)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False, fontsize=7)
    height = fig.get_figheight()
    # fixed margins (in inches turned into fractions): tight_layout would cost a second draw
    fig.subplots_adjust(left=0.08, right=0.98, top=1 - 0.42 / height, bottom=0.45 / height,
                        hspace=1.3 / (height / rows), wspace=0.25)
    return fig


def achievement_png(chart: Chart, dpi: int = 130) -> bytes:
    """Horizontal bars: each indicator's fact as a share of its target; the line at 100 % is the target."""
    return _png(achievement_figure(chart), _pyplot(), dpi)


def achievement_figure(chart: Chart) -> Any:
    """The figure of :func:`achievement_png`."""
    plt = _pyplot()
    labels = [s.label for s in chart.series]
    values = [s.facts[0] or 0.0 for s in chart.series]
    fig, ax = plt.subplots(figsize=(WIDTH_CM * _CM, (0.55 * len(labels) + 1.6) * _CM))
    y = list(range(len(labels)))[::-1]
    colours = [FACT_COLOUR if v >= 100 - 1e-9 else "#e0892b" for v in values]
    bars = ax.barh(y, values, color=colours, height=0.6)
    for rect, value in zip(bars, values):
        ax.annotate(f"{ru.number(value)} %", (rect.get_width(), rect.get_y() + rect.get_height() / 2),
                    va="center", ha="left", xytext=(2, 0), textcoords="offset points", fontsize=7)
    ax.axvline(100, color=TARGET_COLOUR, linestyle="--", linewidth=1.2, label="цель (100 %)")
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlim(0, max(120.0, max(values, default=0) * 1.15))
    ax.xaxis.set_major_formatter(_ru_formatter())
    ax.set_xlabel("% от целевого значения", fontsize=7)
    ax.legend(loc="lower right", frameon=False, fontsize=7)
    height = fig.get_figheight()
    fig.subplots_adjust(left=0.42, right=0.97, top=1 - 0.15 / height, bottom=0.45 / height)
    return fig


def render_chart(chart: Chart, dpi: int = 130) -> bytes:
    return achievement_png(chart, dpi) if chart.key == "summary" else trajectory_png(chart, dpi)


def _png(fig: Any, plt: Any, dpi: int) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


def png_data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI, for an ``<img>`` in the self-contained HTML report."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
