"""The frontier chart's geometry (total benefit against the budget), computed here so that the
template only draws: an SVG polyline through the stored frontier, today's budget marked, and
optionally the slider's point."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 44
TICKS = 4


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    budget_idr: int
    total_benefit: float
    funded: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    bottom_y: int
    right_x: int
    points: str
    dots: list[Dot]
    today_x: float | None
    x_ticks: list[tuple[float, int]]
    y_ticks: list[tuple[float, float]]
    marker: Dot | None

    @property
    def empty(self) -> bool:
        return not self.dots


def curve(frontier: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The stored frontier's rows drawn as the curve (not the ±100 juta rows), by budget."""
    rows = [r for r in frontier if "delta_idr" not in r and r.get("status") == "optimal"]
    return sorted(rows, key=lambda r: int(r["budget_idr"]))


def chart(
    frontier: Sequence[Mapping[str, Any]],
    today_idr: int,
    marker: tuple[int, float, int] | None = None,
) -> Chart:
    """The chart of ``frontier``; ``marker`` (budget, benefit, funded) is the slider's point."""
    rows = curve(frontier)
    budgets = [int(r["budget_idr"]) for r in rows] + [today_idr]
    benefits = [float(r["total_benefit"]) for r in rows]
    if marker is not None:
        budgets.append(marker[0])
        benefits.append(marker[1])
    top_x = max(max(budgets), 1)
    top_y = max(max(benefits, default=0.0), 1.0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def at(budget: int, benefit: float, funded: int) -> Dot:
        x = LEFT + plot_w * budget / top_x
        y = TOP + plot_h * (1 - benefit / top_y)
        return Dot(round(x, 1), round(y, 1), budget, benefit, funded)

    dots = [at(int(r["budget_idr"]), float(r["total_benefit"]), int(r["funded"])) for r in rows]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        bottom_y=HEIGHT - BOTTOM,
        right_x=WIDTH - RIGHT,
        points=" ".join(f"{d.x},{d.y}" for d in dots),
        dots=dots,
        today_x=round(LEFT + plot_w * today_idr / top_x, 1) if today_idr else None,
        x_ticks=[
            (round(LEFT + plot_w * k / TICKS, 1), top_x * k // TICKS) for k in range(TICKS + 1)
        ],
        y_ticks=[
            (round(TOP + plot_h * (1 - k / TICKS), 1), top_y * k / TICKS) for k in range(TICKS + 1)
        ],
        marker=at(*marker) if marker is not None else None,
    )
