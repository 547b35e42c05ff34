"""Input checks and the balance table of :mod:`ovop.analysis.matching` (private).

Per covariate, with the treated rows T, all control rows C, the matched treated rows T'
and the matching weights w_j of the controls (W = sum_j w_j)::

    mean_control_after = sum_j w_j x_j / W
    s_pre              = sqrt((s2_T + s2_C) / 2)          sample variances, divisor n - 1
                       = sqrt((p_T (1 - p_T) + p_C (1 - p_C)) / 2)    for a binary column
    smd_before         = (mean_T  - mean_C) / s_pre
    smd_after          = (mean_T' - mean_control_after) / s_pre
    variance_ratio     = s2_T / s2_C  before,  s2_T' / s2_w  after
    s2_w               = sum_j w_j (x_j - mean_control_after)^2 / (W - sum_j w_j^2 / W)

Both SMDs share the pre-matching denominator, so that a change in the SMD is a change in
the means and not in the yardstick (Austin 2009, "Balance diagnostics for comparing the
distribution of baseline covariates between treatment groups in propensity-score matched
samples", Statistics in Medicine 28(25):3083-3107; Austin 2011, Multivariate Behavioral
Research 46(3):399-424). s2_w is the weighted variance with the reliability-weight
correction used by MatchIt and cobalt; it is the usual n - 1 variance when all weights are
equal. A zero denominator gives an SMD of 0 when the means agree and +/-inf otherwise.
Variance ratios are None for binary columns (their variance follows from the proportion;
cobalt omits them too), when the control variance is zero, and when a variance is undefined
(fewer than two matched treated rows, or all the weight on one control). The effective
number of controls is Kish's W^2 / sum w^2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ovop.analysis import AnalysisError

Floats = NDArray[np.float64]

#: |SMD| below this counts as negligible imbalance (Austin 2009, citing Normand et al.
#: 2001, "Validating recommendations for coronary angiography following acute myocardial
#: infarction in the elderly", Journal of Clinical Epidemiology 54(4):387-398).
SMD_BALANCED = 0.1
#: Variance ratios inside this range count as balanced (Rubin 2001, "Using propensity
#: scores to help design observational studies", Health Services and Outcomes Research
#: Methodology 2:169-188).
VARIANCE_RATIO_BALANCED = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class CovariateBalance:
    """One covariate before and after matching (formulas in the module docstring)."""

    column: int
    binary: bool
    mean_treated: float
    mean_treated_matched: float
    mean_control_before: float
    mean_control_after: float
    smd_before: float
    smd_after: float
    variance_ratio_before: float | None
    variance_ratio_after: float | None


@dataclass(frozen=True, slots=True)
class BalanceTable:
    """Balance of every covariate; ``balanced`` is True when each |smd_after| < 0.1."""

    rows: tuple[CovariateBalance, ...]
    n_treated: int
    n_treated_matched: int
    n_control: int
    n_controls_used: int
    effective_n_control: float
    balanced: bool


def covariates(values: ArrayLike, name: str, max_rows: int, max_columns: int) -> Floats:
    """A finite (rows x covariates) float matrix, within the size limits."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"{name} must hold numbers only") from err
    if arr.ndim != 2:
        raise AnalysisError(f"{name} must be a (rows x covariates) matrix, got shape {arr.shape}")
    rows, columns = arr.shape
    if rows == 0 or columns == 0:
        raise AnalysisError(f"{name} is empty (shape {arr.shape})")
    if rows > max_rows:
        raise AnalysisError(f"{name} has {rows} rows; at most {max_rows} are allowed in one call")
    if columns > max_columns:
        raise AnalysisError(f"{name} has {columns} covariates; at most {max_columns} are allowed")
    if not np.isfinite(arr).all():
        row, col = (int(v[0]) for v in np.nonzero(~np.isfinite(arr)))
        raise AnalysisError(f"{name}[{row}, {col}] is missing or not finite")
    return arr


def _binary_columns(binary: Sequence[int], t: Floats, c: Floats) -> NDArray[np.bool_]:
    flags = np.zeros(t.shape[1], dtype=np.bool_)
    for col in binary:
        if isinstance(col, bool) or not isinstance(col, int | np.integer):
            raise AnalysisError(f"binary must list column numbers, got {col!r}")
        if not 0 <= col < t.shape[1]:
            raise AnalysisError(f"binary names column {col}, but there are {t.shape[1]} columns")
        for name, x in (("treated", t), ("control", c)):
            bad = np.flatnonzero((x[:, col] != 0) & (x[:, col] != 1))
            if bad.size:
                raise AnalysisError(
                    f"column {col} is flagged binary but {name}[{int(bad[0])}, {col}] "
                    f"is {float(x[bad[0], col])!r}, not 0 or 1"
                )
        flags[col] = True
    return flags


def _divide(num: Floats, den: Floats) -> Floats:
    """num / den, with 0 for 0/0 and +/-inf for x/0 (no warnings)."""
    out = np.where(num > 0, np.inf, np.where(num < 0, -np.inf, 0.0))
    np.divide(num, den, out=out, where=den > 0)
    return out


def _variance_ratio(num: float, den: float, defined: bool) -> float | None:
    return float(num / den) if defined and den > 0 else None


def balance_table(
    t: Floats,
    c: Floats,
    matched_treated: NDArray[np.bool_],
    weights: Floats,
    binary: Sequence[int],
) -> BalanceTable:
    """The balance table of validated inputs (at least 2 rows on each side)."""
    is_binary = _binary_columns(binary, t, c)
    tm = t[matched_treated]
    used = weights > 0
    total = float(weights.sum())
    mean_t, mean_c, mean_tm = t.mean(axis=0), c.mean(axis=0), tm.mean(axis=0)
    mean_w = weights @ c / total
    var_t, var_c = t.var(axis=0, ddof=1), c.var(axis=0, ddof=1)
    spread = np.where(
        is_binary, (mean_t * (1 - mean_t) + mean_c * (1 - mean_c)) / 2, (var_t + var_c) / 2
    )
    s_pre = np.sqrt(spread)
    smd_before = _divide(mean_t - mean_c, s_pre)
    smd_after = _divide(mean_tm - mean_w, s_pre)
    several = tm.shape[0] > 1
    var_tm = tm.var(axis=0, ddof=1) if several else np.zeros(t.shape[1])
    reliable = total - float(weights @ weights) / total
    var_w = weights @ (c - mean_w) ** 2 / reliable if reliable > 0 else np.zeros(t.shape[1])
    rows = tuple(
        CovariateBalance(
            column=k,
            binary=bool(is_binary[k]),
            mean_treated=float(mean_t[k]),
            mean_treated_matched=float(mean_tm[k]),
            mean_control_before=float(mean_c[k]),
            mean_control_after=float(mean_w[k]),
            smd_before=float(smd_before[k]),
            smd_after=float(smd_after[k]),
            variance_ratio_before=_variance_ratio(var_t[k], var_c[k], not is_binary[k]),
            variance_ratio_after=_variance_ratio(var_tm[k], var_w[k], several and not is_binary[k]),
        )
        for k in range(t.shape[1])
    )
    return BalanceTable(
        rows=rows,
        n_treated=t.shape[0],
        n_treated_matched=tm.shape[0],
        n_control=c.shape[0],
        n_controls_used=int(used.sum()),
        effective_n_control=total**2 / float(weights @ weights),
        balanced=bool((np.abs(smd_after) < SMD_BALANCED).all()),
    )
