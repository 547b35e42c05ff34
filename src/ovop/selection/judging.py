"""Saaty's 1–9 scale and the conversion between pairwise answers and a judgement matrix.

A pair (i, j), i < j, is answered with one of 17 steps: "9" … "2" (criterion i more
important), "1" (equal), "1/2" … "1/9" (criterion j more important). The answer is the matrix
entry a_ij; a_ji = 1/a_ij is implied. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
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

#: Each answer's matrix value.
_VALUES: dict[str, float] = {a: float(Fraction(a)) for a in SCALE}
#: What a matrix cell may say as a string: the answers, and "1/1".
_CELL_STRINGS: dict[str, float] = {**_VALUES, "1/1": 1.0}
#: The longest string accepted for one matrix cell or pair key.
MAX_CELL_CHARS = 8
#: A float this close (relative) to a scale value counts as it: 1/3 arrives as 0.333….
_CELL_RTOL = 1e-6

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
    if answer not in _VALUES:
        raise ValueError(answer)
    return _VALUES[answer]


def answer_for(value: float) -> str:
    """The scale answer closest to ``value`` (for showing a stored matrix in the form)."""
    return min(SCALE, key=lambda a: abs(_VALUES[a] - value))


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

    #: The criteria names, in matrix order.
    names: list[str]
    #: The full matrix the figures were computed from (exact scale values).
    matrix: list[list[float]]
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
        names=list(names),
        matrix=[[float(v) for v in row] for row in matrix],
        weights=[float(w) for w in result.weights],
        cr=float(result.cr),
        consistent=result.cr <= CR_THRESHOLD,
        revisit=revisit,
    )


def cell_value(cell: object) -> float:
    """The value of one matrix cell, which must be on Saaty's scale; ValueError otherwise.

    Accepted: the integers 1 to 9; a float within 1e-6 (relative) of a scale value, such as
    1/3 sent as 0.3333333333333333 (it counts as that value); a string of at most
    ``MAX_CELL_CHARS`` characters that is a scale answer ("3", "1/3", also "1/1"). Nothing
    larger than 9 or smaller than 1/9 is ever converted, so no input can overflow or take
    long to parse.
    """
    if isinstance(cell, str):
        text = cell.strip() if len(cell) <= MAX_CELL_CHARS else ""
        if text not in _CELL_STRINGS:
            raise ValueError("not a scale answer")
        return _CELL_STRINGS[text]
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        raise ValueError("not a number")
    if isinstance(cell, int):
        if not 1 <= cell <= 9:
            raise ValueError("outside 1..9")
        return float(cell)
    for value in _VALUES.values():
        if abs(cell - value) <= _CELL_RTOL * value:  # False for NaN and inf
            return value
    raise ValueError("not a scale value")


def _cell_error(i: int, j: int) -> ValidationError:
    return ValidationError(
        {
            f"matrix[{i}][{j}]": _(
                "matrix[%(i)s][%(j)s]: not on Saaty's scale; use 1 to 9 or 1/2 to 1/9, as a "
                'number or a string such as "1/3".'
            )
            % {"i": i, "j": j}
        }
    )


def scale_rows(matrix: object, n: int) -> list[list[float]]:
    """A full n×n matrix of scale values as floats; ValidationError naming the place."""
    if not isinstance(matrix, list) or len(matrix) != n:
        raise ValidationError(
            {"matrix": _("Matrix: expected %(n)s rows, one per criterion.") % {"n": n}}
        )
    rows: list[list[float]] = []
    for i, row in enumerate(matrix):
        if not isinstance(row, list) or len(row) != n:
            raise ValidationError(
                {f"matrix[{i}]": _("matrix[%(i)s]: expected %(n)s values.") % {"i": i, "n": n}}
            )
        values: list[float] = []
        for j, cell in enumerate(row):
            try:
                values.append(cell_value(cell))
            except ValueError:
                raise _cell_error(i, j) from None
        rows.append(values)
    return rows


def check_matrix(matrix: object, names: Sequence[str]) -> Consistency:
    """Check a full judgement matrix (Saaty's scale, unit diagonal, reciprocal) and compute
    its consistency, once. ValidationError keyed by the place (``matrix[1][2]``) otherwise."""
    rows = scale_rows(matrix, len(names))
    try:
        return consistency(rows, names)
    except AnalysisError as error:
        raise ValidationError({"matrix": _("Matrix: %(problem)s") % {"problem": error}}) from None


def matrix_from_pairs(pairs: Mapping[str, str], n: int) -> list[list[float]]:
    """The matrix from answers keyed "i,j" (0-based, i < j); ValidationError for a bad pair."""
    answers: dict[tuple[int, int], float] = {}
    for key, answer in pairs.items():
        try:
            if len(key) > MAX_CELL_CHARS:
                raise ValueError(key)
            i, j = (int(part) for part in key.split(","))
            if not 0 <= i < j < n:
                raise ValueError(key)
            answers[(i, j)] = scale_value(answer)
        except ValueError:
            raise ValidationError(
                {
                    "pairs": _(
                        'Pair %(key)s: use "i,j" with i < j < %(n)s and a value of Saaty\'s '
                        "scale (9 … 2, 1, 1/2 … 1/9)."
                    )
                    % {"key": key[:MAX_CELL_CHARS], "n": n}
                }
            ) from None
    return matrix_from_answers(n, answers)
