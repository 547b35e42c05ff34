"""Group-time ATT(g,t) and their influence functions (private to ovop.analysis.staggered).

Each ATT(g,t) is a difference of two means of the change d_i = y_i,t - y_i,b (b the base
period), over the units first treated in g (T) and over the comparison units (C)::

    att(g,t) = mean_T(d) - mean_C(d)
    IF_i     =  n / n_T (d_i - mean_T(d))    i in T
             = -n / n_C (d_i - mean_C(d))    i in C,        0 for every other unit
    se       = sqrt(mean_i IF_i^2 / n) = sqrt(SS_T / n_T^2 + SS_C / n_C^2)

(SS the sum of squared deviations from the mean). A unit's place in T or C depends only
on its cohort, so the statistics come from per-cohort counts, means and sums of squares
(``np.bincount``, one pass per distinct change y_t - y_b), and the influence functions are
not stored as an n_units x n_cells matrix: :meth:`InfluenceFunctions.combine` rebuilds the
weighted sum an aggregation needs from per-cohort lookup tables and the outcome matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ovop.analysis._staggered_panel import Panel

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Cells:
    """The K group-time cells, in R's order (by group, then by period).

    ``control`` is a K x (number of cohorts + 1) table: which cohort codes (0 = never
    treated) make up each cell's comparison group; membership depends on the cohort only.
    """

    group: Ints
    time: Ints
    base: Ints
    column: Ints
    base_column: Ints
    att: Floats
    se: Floats
    n_treated: Ints
    n_control: Ints
    mean_treated: Floats
    mean_control: Floats
    control: Mask


@dataclass(frozen=True, slots=True)
class InfluenceFunctions:
    """Influence functions of the ATT(g,t), one value per unit and cell (module docstring).

    ``unit_code`` is 0 for a never-treated unit and 1 + the index of its cohort in
    ``cohorts`` otherwise; ``cell_code`` is the same code for each cell's cohort.
    """

    y: Floats
    cohorts: Ints
    unit_code: Ints
    cell_code: Ints
    cells: Cells

    @property
    def n_units(self) -> int:
        return int(self.unit_code.shape[0])

    def _tables(self, k: int) -> tuple[Floats, Floats]:
        """Per cohort code: IF_k,i = scale[code_i] * (d_i - centre[code_i])."""
        c, n = self.cells, self.n_units
        scale = np.where(c.control[k], -n / c.n_control[k], 0.0)
        centre = np.where(c.control[k], c.mean_control[k], 0.0)
        scale[self.cell_code[k]] = n / c.n_treated[k]
        centre[self.cell_code[k]] = c.mean_treated[k]
        return scale, centre

    def combine(self, weights: Floats) -> Floats:
        """sum_k weights[k] IF_k, an n_units vector (cells with weight 0 are skipped).

        Cells that share a change y_t - y_b are summed as per-cohort tables first, so each
        distinct change costs a handful of vectorised passes over the units."""
        c, width = self.cells, self.cohorts.shape[0] + 1
        pairs: dict[tuple[int, int], tuple[Floats, Floats]] = {}
        for k in np.flatnonzero(weights).tolist():
            scale, centre = self._tables(k)
            key = (int(c.column[k]), int(c.base_column[k]))
            slope, shift = pairs.get(key, (np.zeros(width), np.zeros(width)))
            pairs[key] = (slope + weights[k] * scale, shift + weights[k] * scale * centre)
        out = np.zeros(self.n_units)
        for (j, b), (slope, shift) in pairs.items():
            out += (self.y[:, j] - self.y[:, b]) * slope[self.unit_code] - shift[self.unit_code]
        return out

    def matrix(self) -> Floats:
        """The n_units x n_cells matrix of all influence functions (8 bytes per entry)."""
        k = self.cells.att.shape[0]
        columns = [self.combine(np.eye(1, k, j).ravel()) for j in range(k)]
        return np.column_stack(columns)


def _by_code(change: Floats, code: Ints, width: int) -> tuple[Floats, Floats, Floats]:
    """Count, mean and sum of squared deviations of the change, per cohort code."""
    count = np.bincount(code, minlength=width).astype(np.float64)
    mean = np.bincount(code, weights=change, minlength=width) / np.maximum(count, 1)
    deviation = change - mean[code]
    squares = np.bincount(code, weights=deviation * deviation, minlength=width)
    return count, mean, np.asarray(squares, dtype=np.float64)


def _cell(stats: tuple[Floats, Floats, Floats], treated: int, control: Mask) -> list[float]:
    """att, se, n_T, n_C, mean_T, mean_C of one cell from the per-code statistics; the
    comparison group's sum of squares adds the spread between its cohorts' means."""
    count, mean, squares = stats
    n_t, mean_t, ss_t = count[treated], mean[treated], squares[treated]
    n_c = float(count[control].sum())
    mean_c = float(np.dot(count[control], mean[control])) / n_c
    spread = mean[control] - mean_c
    ss_c = float(squares[control].sum() + np.dot(count[control], spread * spread))
    se = math.sqrt(ss_t / n_t**2 + ss_c / n_c**2)
    return [float(mean_t - mean_c), se, float(n_t), n_c, float(mean_t), mean_c]


def _control_codes(cohorts: Ints, cohort: int, time: int, control_group: str) -> Mask:
    """Cohort codes (0 = never treated) of the comparison group of cell (cohort, time)."""
    later = (cohorts > time) & (cohorts != cohort) & (control_group == "notyettreated")
    return np.concatenate([[True], later])


def _rows(
    panel: Panel, y: Floats, code: Ints, cohorts: Ints, control_group: str
) -> tuple[list[list[float]], list[Mask]]:
    """One row (g, t, base, column, base column, att, se, n_T, n_C, mean_T, mean_C) and
    one control-code mask per cell: t runs over every period but the first; the base is
    t - 1 before g, else g - 1. Statistics are computed once per distinct change."""
    periods, rows, masks = panel.periods, [], []
    cache: dict[tuple[int, int], tuple[Floats, Floats, Floats]] = {}
    for index, cohort in enumerate(cohorts.tolist(), start=1):
        last_before = int(np.searchsorted(periods, cohort, side="left")) - 1
        for j in range(1, periods.shape[0]):
            time = int(periods[j])
            b = last_before if time >= cohort else j - 1
            if (j, b) not in cache:
                cache[j, b] = _by_code(y[:, j] - y[:, b], code, cohorts.shape[0] + 1)
            control = _control_codes(cohorts, cohort, time, control_group)
            stats = _cell(cache[j, b], index, control)
            rows.append([cohort, time, int(periods[b]), j, b, *stats])
            masks.append(control)
    return rows, masks


def estimate(panel: Panel, control_group: str) -> InfluenceFunctions:
    """Every ATT(g,t) of a validated panel (see :func:`ovop.analysis.staggered.att_gt`)."""
    y = np.asfortranarray(panel.y)
    cohorts = np.unique(panel.group[panel.group > 0])
    code = np.where(panel.group == 0, 0, np.searchsorted(cohorts, panel.group) + 1)
    rows, masks = _rows(panel, y, code.astype(np.int64), cohorts, control_group)
    table = np.array(rows, dtype=np.float64).T
    whole = table.astype(np.int64)
    cells = Cells(
        group=whole[0],
        time=whole[1],
        base=whole[2],
        column=whole[3],
        base_column=whole[4],
        att=table[5],
        se=table[6],
        n_treated=whole[7],
        n_control=whole[8],
        mean_treated=table[9],
        mean_control=table[10],
        control=np.array(masks, dtype=np.bool_),
    )
    return InfluenceFunctions(
        y=y,
        cohorts=cohorts,
        unit_code=code.astype(np.int64),
        cell_code=(np.searchsorted(cohorts, cells.group) + 1).astype(np.int64),
        cells=cells,
    )
