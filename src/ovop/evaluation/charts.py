"""The geometry of the impact page's two charts, computed here so that the template only
draws (inline SVG, no script):

* **means by year** — participants as a solid line with round markers, the comparison group
  as a dashed line with square markers (told apart without colour);
* **event study** — each effect as a marker with its 95 % interval as a whisker; years before
  the onset hollow, after it filled; a dashed line at zero.

Labels are formatted for the active language by the caller's ``label`` function.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 112, 16, 16, 40
TICKS = 4


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str  # the value, for the point's tooltip


@dataclass(frozen=True, slots=True)
class Whisker:
    x: float
    y: float
    low: float
    high: float
    before: bool
    label: str


@dataclass(frozen=True)
class Frame:
    width: int
    height: int
    left: int
    right_x: int
    top: int
    bottom_y: int
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]


@dataclass(frozen=True)
class MeansChart:
    frame: Frame
    lines: list[tuple[str, str, list[Point]]]  # (side, points attribute, points)


@dataclass(frozen=True)
class EventChart:
    frame: Frame
    whiskers: list[Whisker]
    zero_y: float


def _scale(low: float, high: float) -> tuple[float, float]:
    if not (math.isfinite(low) and math.isfinite(high)):
        return 0.0, 1.0
    if high - low < 1e-12:
        pad = abs(high) * 0.1 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.08
    return low - pad, high + pad


def _frame(
    xs: Sequence[int], low: float, high: float, label: Callable[[float], str]
) -> tuple[Frame, Callable[[float], float], Callable[[float], float]]:
    low, high = _scale(low, high)
    first, last = min(xs), max(xs)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at_x(value: float) -> float:
        share = 0.5 if last == first else (value - first) / (last - first)
        return round(LEFT + 24 + (plot_w - 48) * share, 1)

    def at_y(value: float) -> float:
        return round(TOP + plot_h * (1 - (value - low) / (high - low)), 1)

    y_ticks = [
        (at_y(low + (high - low) * k / TICKS), label(low + (high - low) * k / TICKS))
        for k in range(TICKS + 1)
    ]
    frame = Frame(
        WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM,
        [(at_x(x), str(x)) for x in xs], y_ticks,
    )  # fmt: skip
    return frame, at_x, at_y


def means_chart(
    series: dict[str, list[tuple[int, float]]], label: Callable[[float], str]
) -> MeansChart | None:
    """``series``: by side, (year, mean) pairs. None when there is nothing to draw."""
    values = [v for points in series.values() for _, v in points]
    years = sorted({year for points in series.values() for year, _ in points})
    if not values:
        return None
    frame, at_x, at_y = _frame(years, min(values), max(values), label)
    lines = []
    for side, points in series.items():
        drawn = [Point(at_x(year), at_y(v), label(v)) for year, v in sorted(points)]
        lines.append((side, " ".join(f"{p.x},{p.y}" for p in drawn), drawn))
    return MeansChart(frame, lines)


def event_chart(
    events: Sequence[tuple[int, float, float, float]], label: Callable[[float], str]
) -> EventChart | None:
    """``events``: (years since treated, effect, low, high). None when there are none."""
    finite = [e for e in events if all(math.isfinite(v) for v in e[1:])]
    if not finite:
        return None
    low = min(0.0, *(e[2] for e in finite))
    high = max(0.0, *(e[3] for e in finite))
    frame, at_x, at_y = _frame([e[0] for e in finite], low, high, label)
    whiskers = [
        Whisker(at_x(e), at_y(att), at_y(lo), at_y(hi), e < 0, label(att))
        for e, att, lo, hi in finite
    ]
    return EventChart(frame, whiskers, at_y(0.0))
