"""Saaty's 1–9 scale and the conversion between pairwise answers and a judgement matrix.

A pair (i, j), i < j, is answered with one of 17 steps: "9" … "2" (criterion i more
important), "1" (equal), "1/2" … "1/9" (criterion j more important). The answer is the matrix
entry a_ij; a_ji = 1/a_ij is implied. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.analysis import AnalysisError
from ovop.analysis.mcda import CR_THRESHOLD, ahp

#: The 17 steps, left (row criterion much more important) to right.
SCALE: tuple[str, ...] = (
    *(str(k) for k in range(9, 1, -1)),
    "1",
    *(f"1/{k}" for k in range(2, 10)),
)

#: Words for the strength of a preference (Saaty 1980).
STRENGTH = {
    1: gettext_lazy("equal"),
    2: gettext_lazy("equal to moderately"),
    3: gettext_lazy("moderately more important"),
    4: gettext_lazy("moderately to strongly"),
    5: gettext_lazy("strongly more important"),
    6: gettext_lazy("strongly to very strongly"),
    7: gettext_lazy("very strongly more important"),
    8: gettext_lazy("very to extremely"),
    9: gettext_lazy("extremely more important"),
}


def scale_value(answer: str) -> float:
    """The matrix entry of one of the 17 answers; ValueError for anything else."""
    if answer not in SCALE:
        raise ValueError(answer)
    return float(Fraction(answer))


def answer_for(value: float) -> str:
    """The scale answer closest to ``value`` (for showing a stored matrix in the form)."""
    return min(SCALE, key=lambda a: abs(float(Fraction(a)) - value))


def pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def matrix_from_answers(n: int, answers: Mapping[tuple[int, int], float]) -> list[list[float]]:
    """The full reciprocal matrix from the upper-triangle answers (missing pairs: equal)."""
    matrix = [[1.0] * n for _row in range(n)]
    for i, j in pairs(n):
        value = float(answers.get((i, j), 1.0))
        matrix[i][j] = value
        matrix[j][i] = 1.0 / value
    return matrix


@dataclass(frozen=True)
class Consistency:
    """What an assessor is told while judging."""

    weights: list[float]
    cr: float
    consistent: bool
    #: The one or two judgements to revisit first (pairs of criterion names), if inconsistent.
    revisit: list[tuple[str, str]]


def consistency(matrix: Sequence[Sequence[float]], names: Sequence[str]) -> Consistency:
    """Weights, CR and the judgements to revisit; AnalysisError for an invalid matrix."""
    result = ahp(matrix)
    revisit: list[tuple[str, str]] = []
    if result.cr > CR_THRESHOLD:
        revisit = [(names[i], names[j]) for i, j in result.worst_pairs[:2]]
    return Consistency(
        weights=[float(w) for w in result.weights],
        cr=float(result.cr),
        consistent=result.cr <= CR_THRESHOLD,
        revisit=revisit,
    )


def check_matrix(matrix: object, n: int) -> list[list[float]]:
    """A full n×n positive reciprocal matrix as floats; ValueError with the place otherwise."""
    if not isinstance(matrix, list) or len(matrix) != n:
        raise ValueError(_("Matrix: expected %(n)s rows, one per criterion.") % {"n": n})
    rows: list[list[float]] = []
    for i, row in enumerate(matrix):
        if not isinstance(row, list) or len(row) != n:
            raise ValueError(
                _("Matrix row %(row)s: expected %(n)s values.") % {"row": i + 1, "n": n}
            )
        values: list[float] = []
        for j, cell in enumerate(row):
            if isinstance(cell, bool) or not isinstance(cell, int | float | str):
                raise ValueError(_("Matrix[%(i)s][%(j)s]: not a number.") % {"i": i, "j": j})
            try:
                values.append(float(Fraction(cell)) if isinstance(cell, str) else float(cell))
            except (ValueError, ZeroDivisionError):
                raise ValueError(
                    _("Matrix[%(i)s][%(j)s]: not a number.") % {"i": i, "j": j}
                ) from None
        rows.append(values)
    try:
        ahp(rows)
    except AnalysisError as error:
        raise ValueError(_("Matrix: %(problem)s") % {"problem": error}) from None
    return rows
