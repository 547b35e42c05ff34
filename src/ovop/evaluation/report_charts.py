"""The geometry of the report's horizontal bar charts (achievement of targets, villages by
stage, absorption by year), computed here so that the template only draws inline SVG. The
other charts reuse ``charts`` (means, event study) and ``planning.frontier_chart``."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_W, RIGHT, TOP, BOTTOM = 220, 64, 8, 30
ROW_H = 22
BAR_H = 14
TICKS = 4
#: Longest label drawn beside a bar (the full one is in the figure's table).
LABEL_CHARS = 34


@dataclass(frozen=True, slots=True)
class Bar:
    y: float
    x: float
    width: float
    label: str
    text: str  # the value, printed at the bar's end

    @property
    def text_y(self) -> float:
        return round(self.y + BAR_H / 2, 1)

    @property
    def end_x(self) -> float:
        return round(self.x + self.width + 4, 1)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right_x: int
    bottom_y: float
    bars: list[Bar]
    ticks: list[tuple[float, str]]
    #: Where the reference line (the target, 100 %) is drawn, or None.
    reference_x: float | None
    zero_x: float


def _step(span: float) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``TICKS`` ticks."""
    raw = span / TICKS
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if raw <= m * power * (1 + 1e-9))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(
    items: Sequence[tuple[str, float]],
    label: Callable[[float], str],
    reference: float | None = None,
) -> BarChart | None:
    """One bar per (label, value) from zero; ``reference`` draws a dashed line at that value.
    None when there is nothing finite to draw."""
    finite = [(name, v) for name, v in items if math.isfinite(v)]
    if not finite:
        return None
    low = min(0.0, *(v for _n, v in finite))
    high = max(0.0, reference or 0.0, *(v for _n, v in finite))
    step = _step(high - low if high - low > 1e-12 else 1.0)
    low, high = step * math.floor(low / step), step * math.ceil(high / step)
    height = TOP + ROW_H * len(finite) + BOTTOM
    plot_w = WIDTH - LABEL_W - RIGHT

    def at(value: float) -> float:
        return round(LABEL_W + plot_w * (value - low) / (high - low), 1)

    zero = at(0.0)
    bars = []
    for index, (name, value) in enumerate(finite):
        start, end = sorted((zero, at(value)))
        y = TOP + ROW_H * index + (ROW_H - BAR_H) / 2
        bars.append(Bar(round(y, 1), start, round(end - start, 1), _short(name), label(value)))
    count = round((high - low) / step)
    ticks = [(at(low + step * k), label(low + step * k)) for k in range(count + 1)]
    return BarChart(
        width=WIDTH,
        height=height,
        left=LABEL_W,
        right_x=WIDTH - RIGHT,
        bottom_y=height - BOTTOM,
        bars=bars,
        ticks=ticks,
        reference_x=at(reference) if reference is not None else None,
        zero_x=zero,
    )
