"""Pure decision mathematics for ovop.

This package imports numpy, scipy and highspy only: never Django and never another ovop
package, so that it can be tested and benchmarked without a database.

Modules:
    mcda        AHP, TOPSIS, SAW, VIKOR and weight sensitivity (flagship selection)
    rating      versioned star-rating schemes and scoring
    allocation  budget-capped portfolio selection with HiGHS
    impact      before/after and difference-in-differences estimators
    staggered   staggered difference-in-differences (Callaway & Sant'Anna 2021, R did)
    matching    Mahalanobis nearest-neighbour matching and the balance table
    targets     achievement of a target and the aggregation of values
    quality     checks of measured values (jumps from baseline, ranges, duplicates)
    effectiveness  effectiveness bands, cost per unit (Fieller interval), absorption
    heterogeneity  effects by subgroup: Holm and BH adjustment, Cochran's Q and I²
"""

from __future__ import annotations


class AnalysisError(ValueError):
    """Input that a method cannot honestly compute with.

    The message says what is wrong and where (which row, column or argument), so that a
    caller can show it to a user unchanged.
    """


__all__ = ["AnalysisError"]
