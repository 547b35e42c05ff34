"""Benchmark ovop.analysis.impact.did against statsmodels OLS on a large panel.

Run: python bench/bench_impact.py  (statsmodels is imported here only, never by ovop)

Data: 1,000,000 businesses observed in 2 rounds (2,000,000 rows) in 84,000 villages;
treatment is assigned by village. The statsmodels timing includes building its design
matrix from the same arrays. Ours is the best of 3 runs, statsmodels the best of 2.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import statsmodels.api as sm  # noqa: E402

from ovop.analysis.impact import did  # noqa: E402

BUSINESSES, VILLAGES, SEED = 1_000_000, 84_000, 2024


def panel() -> dict[str, np.ndarray[Any, Any]]:
    rng = np.random.default_rng(SEED)
    village = rng.permutation(np.arange(BUSINESSES) % VILLAGES)  # every village used
    treated = (rng.random(VILLAGES) < 0.4)[village].astype(np.int8)
    shock = rng.normal(0.0, 0.5, VILLAGES)[village]
    before = 12.0 + 0.8 * treated + shock + rng.normal(0.0, 2.0, BUSINESSES)
    after = before + 0.6 + 0.35 * treated + rng.normal(0.0, 1.0, BUSINESSES)
    return {
        "y": np.concatenate([before, after]),
        "treated": np.concatenate([treated, treated]),
        "post": np.repeat(np.array([0, 1], dtype=np.int8), BUSINESSES),
        "cluster": np.concatenate([village, village]),
        "size": np.concatenate([np.log1p(rng.gamma(2.0, 5.0, BUSINESSES))] * 2),
    }


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def statsmodels_fit(d: dict[str, np.ndarray[Any, Any]], se: str, covariates: bool) -> Any:
    t, p = d["treated"].astype(np.float64), d["post"].astype(np.float64)
    cols = [np.ones_like(t), t, p, t * p] + ([d["size"]] if covariates else [])
    model = sm.OLS(d["y"], np.column_stack(cols))
    if se == "cluster":
        return model.fit(cov_type="cluster", cov_kwds={"groups": d["cluster"]})
    return model.fit(cov_type="HC1") if se == "hc1" else model.fit()


def case(d: dict[str, np.ndarray[Any, Any]], se: str, covariates: bool) -> bool:
    kwargs: dict[str, Any] = {"cluster": d["cluster"], "se": se}
    if covariates:
        kwargs["covariates"] = d["size"]
    ours_s, ours = best_of(3, lambda: did(d["y"], d["treated"], d["post"], **kwargs))
    peer_s, peer = best_of(2, lambda: statsmodels_fit(d, se, covariates))
    theirs = (peer.params[3], peer.bse[3], peer.pvalues[3], *peer.conf_int()[3])
    mine = (ours.estimate, ours.se, ours.p, *ours.ci95)
    worst = max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(mine, theirs, strict=True))
    name = f"did {se}{' +covariate' if covariates else ''} 2M rows"
    print(
        f"{name:34s} | {ours_s:7.3f} | {peer_s:7.3f} | {peer_s / ours_s:6.1f}x"
        f" | max rel diff {worst:.1e}"
    )
    print(
        f"{'':34s}   estimate {ours.estimate:.10f} se {ours.se:.10f}"
        f" (statsmodels {theirs[0]:.10f} / {theirs[1]:.10f})"
    )
    return bool(worst < 1e-8)


def main() -> int:
    d = panel()
    print(f"rows {d['y'].shape[0]:,}, clusters {np.unique(d['cluster']).shape[0]:,}")
    print(f"{'case':34s} | ours s  | peer s  | ratio")
    ok = all(
        [
            case(d, "cluster", False),
            case(d, "hc1", False),
            case(d, "classical", False),
            case(d, "cluster", True),
        ]
    )
    print("numbers agree to 1e-8 relative" if ok else "MISMATCH beyond 1e-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
