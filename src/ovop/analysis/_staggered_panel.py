"""Input checks and the unit x period matrix of :mod:`ovop.analysis.staggered` (private).

:func:`balanced_panel` turns four row-wise arrays (unit, time, y, group) into an
n_units x n_periods outcome matrix and one first-treatment period per unit, in a few
vectorised passes (``np.unique`` or, for compact integer labels, ``np.bincount``), and
names the first offending row, unit or period when the input is not a balanced panel.
:func:`sample` then applies the sample rules of R's ``did`` (see the public module).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ovop.analysis import AnalysisError
from ovop.analysis.codes import dense_codes

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Panel:
    """A balanced panel: ``y[i, j]`` is unit i in ``periods[j]``; ``group[i]`` is 0 for a
    never-treated unit; ``units`` holds the labels of the rows of ``y``."""

    y: Floats
    periods: Ints
    group: Ints
    units: NDArray[np.generic]
    n_dropped: int


def _show(label: object) -> str:
    """A label as the user wrote it: 7 and 'A7', not np.int64(7) and np.str_('A7')."""
    return repr(np.asarray(label).tolist())


def _labels(values: ArrayLike, name: str, n: int | None) -> NDArray[np.generic]:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise AnalysisError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise AnalysisError(f"{name} has {arr.shape[0]} values but unit has {n}")
    return arr


def _whole(values: ArrayLike, name: str, n: int, missing_is_zero: bool) -> Ints:
    try:
        arr = np.asarray(values, dtype=np.float64)  # None becomes NaN
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"{name} must hold whole numbers only") from err
    arr = _labels(arr, name, n).astype(np.float64)
    if missing_is_zero:
        arr = np.where(np.isnan(arr), 0.0, arr)
    bad = ~np.isfinite(arr)
    if bad.any():
        raise AnalysisError(f"{name}[{int(np.flatnonzero(bad)[0])}] is missing or not finite")
    fractional = arr != np.floor(arr)
    if fractional.any():
        row = int(np.flatnonzero(fractional)[0])
        raise AnalysisError(f"{name}[{row}] = {float(arr[row])!r} is not a whole number")
    return arr.astype(np.int64)


def _finite(values: ArrayLike, name: str, n: int) -> Floats:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"{name} must hold numbers only") from err
    arr = _labels(arr, name, n).astype(np.float64)
    bad = ~np.isfinite(arr)
    if bad.any():
        raise AnalysisError(f"{name}[{int(np.flatnonzero(bad)[0])}] is missing or not finite")
    return arr


def _cells(unit: Ints, time: Ints, labels: NDArray[np.generic], periods: Ints) -> NDArray[np.intp]:
    """Row -> flat index period * n_units + unit (a column-major matrix); every cell once."""
    n_units = labels.shape[0]
    key: NDArray[np.intp] = (time * n_units + unit).astype(np.intp)
    counts = np.bincount(key, minlength=n_units * periods.shape[0])
    if (counts > 1).any():
        cell = int(np.flatnonzero(counts > 1)[0])
        rows = np.flatnonzero(key == cell)[:2].tolist()
        raise AnalysisError(
            f"unit {_show(labels[cell % n_units])} has {int(counts[cell])} rows for period "
            f"{int(periods[cell // n_units])} (rows {rows[0]} and {rows[1]})"
        )
    if (counts == 0).any():
        cell = int(np.flatnonzero(counts == 0)[0])
        raise AnalysisError(
            f"the panel is unbalanced: unit {_show(labels[cell % n_units])} has no row for "
            f"period {int(periods[cell // n_units])}"
        )
    return key


def _unit_group(group: Ints, unit: Ints, labels: NDArray[np.generic]) -> Ints:
    per_unit = np.zeros(labels.shape[0], dtype=np.int64)
    per_unit[unit] = group
    differs = per_unit[unit] != group
    if differs.any():
        row = int(np.flatnonzero(differs)[0])
        other = int(np.flatnonzero((unit == unit[row]) & (group == per_unit[unit[row]]))[0])
        raise AnalysisError(
            f"group varies within unit {_show(labels[unit[row]])}: {int(group[row])} in row {row} "
            f"but {int(group[other])} in row {other}"
        )
    return per_unit


def balanced_panel(unit: ArrayLike, time: ArrayLike, y: ArrayLike, group: ArrayLike) -> Panel:
    """Validate the four row-wise arrays and pivot them (see the module docstring)."""
    unit_arr = _labels(unit, "unit", None)
    n = unit_arr.shape[0]
    time_arr = _whole(time, "time", n, missing_is_zero=False)
    y_arr = _finite(y, "y", n)
    group_arr = _whole(group, "group", n, missing_is_zero=True)
    labels, unit_code = dense_codes(unit_arr, "unit")
    periods, time_code = dense_codes(time_arr, "time")
    if labels.shape[0] < 2:
        raise AnalysisError(f"need at least 2 units, got {labels.shape[0]}")
    if periods.shape[0] < 2:
        raise AnalysisError(f"need at least 2 periods, got {periods.shape[0]}")
    key = _cells(unit_code, time_code, labels, periods.astype(np.int64))
    matrix = np.empty(labels.shape[0] * periods.shape[0])
    matrix[key] = y_arr
    per_unit = _unit_group(group_arr, unit_code, labels)
    return Panel(
        y=matrix.reshape(periods.shape[0], labels.shape[0]).T,  # column-major: fast columns
        periods=periods.astype(np.int64),
        group=per_unit,
        units=labels,
        n_dropped=0,
    )


def _never_after_last(panel: Panel, n_dropped: int) -> Panel:
    """A first treatment after the last period counts as never treated (group 0)."""
    group = np.where(panel.group > panel.periods[-1], 0, panel.group)
    return Panel(panel.y, panel.periods, group, panel.units, n_dropped)


def _without_late_periods(panel: Panel) -> Panel:
    """No never-treated unit, not-yet-treated controls: the periods from the last cohort's
    first treated period on are dropped, so that this cohort becomes the never-treated one."""
    last = int(panel.group.max())
    keep = panel.periods < last
    if keep.sum() < 2:
        raise AnalysisError(
            "no unit is never treated, and fewer than 2 periods come before the last "
            f"cohort ({last}) is treated; nothing is left to compare with"
        )
    shorter = _never_after_last(
        Panel(panel.y[:, keep], panel.periods[keep], panel.group, panel.units, 0),
        panel.n_dropped,
    )
    if not (shorter.group > 0).any():
        raise AnalysisError(
            f"no unit is never treated, and no cohort but the last ({last}) is first treated "
            f"within the periods before {last}; there is no one to compare with"
        )
    return shorter


def sample(panel: Panel, control_group: str) -> Panel:
    """R ``did``'s sample rules: a first treatment after the last period counts as never
    treated, and units treated in the first period or before are dropped (and counted)."""
    panel = _never_after_last(panel, 0)
    early = (panel.group != 0) & (panel.group <= panel.periods[0])
    kept = Panel(
        panel.y[~early], panel.periods, panel.group[~early], panel.units[~early], int(early.sum())
    )
    if not (kept.group > 0).any():
        raise AnalysisError(
            f"no unit is first treated after the first period ({int(panel.periods[0])}); "
            "there is no treatment effect to estimate"
        )
    if (kept.group == 0).any():
        return kept
    if control_group == "nevertreated":
        raise AnalysisError(
            "no unit is never treated (group 0 or None); use "
            "control_group='notyettreated' to compare with units treated later"
        )
    return _without_late_periods(kept)
