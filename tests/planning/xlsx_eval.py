"""A small evaluator of the formulas the planning workbooks write (SUM, SUMIF with "<>text" or
a cell as criterion, SUMPRODUCT, IF, INT, + - * /, = and <>), so that the tests can compute a
total from the cells' inputs exactly as a spreadsheet would, and compare it with the database."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

TOKEN = re.compile(
    r'\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"(?:[^"]|"")*")'
    r"|(?P<range>\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)|(?P<ref>\$?[A-Z]+\$?\d+)(?![A-Z(])"
    r"|(?P<func>[A-Z]+)\(|(?P<op><>|[-+*/=(),]))"
)
CELL = re.compile(r"\$?([A-Z]+)\$?(\d+)")


class Evaluator:
    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet

    def cell(self, address: str) -> Any:
        column, row = CELL.fullmatch(address).groups()  # type: ignore[union-attr]
        value = self.sheet[f"{column}{row}"].value
        if isinstance(value, str) and value.startswith("="):
            return self.formula(value)
        return value

    def cells(self, span: str) -> list[Any]:
        start, end = span.split(":")
        c1, r1 = CELL.fullmatch(start).groups()  # type: ignore[union-attr]
        c2, r2 = CELL.fullmatch(end).groups()  # type: ignore[union-attr]
        return [
            self.cell(f"{get_column_letter(c)}{r}")
            for r in range(int(r1), int(r2) + 1)
            for c in range(column_index_from_string(c1), column_index_from_string(c2) + 1)
        ]

    def formula(self, text: str) -> Any:
        tokens = [m for m in TOKEN.finditer(text[1:]) if m.group().strip()]
        parser = _Parser(self, tokens)
        value = parser.expr()
        assert parser.at == len(tokens), text
        return value


def _number(value: Any) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


class _Parser:
    def __init__(self, ev: Evaluator, tokens: list[re.Match[str]]) -> None:
        self.ev, self.tokens, self.at = ev, tokens, 0

    def peek(self) -> str:
        return self.tokens[self.at].group().strip() if self.at < len(self.tokens) else ""

    def take(self) -> re.Match[str]:
        self.at += 1
        return self.tokens[self.at - 1]

    def expr(self) -> Any:
        left = self.additive()
        while self.peek() in ("=", "<>"):
            op = self.take().group().strip()
            right = self.additive()
            left = (left == right) if op == "=" else (left != right)
        return left

    def additive(self) -> Any:
        value = self.term()
        while self.peek() in ("+", "-"):
            sign = 1 if self.take().group().strip() == "+" else -1
            value = _number(value) + sign * _number(self.term())
        return value

    def term(self) -> Any:
        value = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take().group().strip()
            right = _number(self.factor())
            value = _number(value) * right if op == "*" else _number(value) / right
        return value

    def factor(self) -> Any:
        token = self.take()
        kind = token.lastgroup
        if kind == "num":
            return float(token.group("num"))
        if kind == "str":
            return token.group("str")[1:-1].replace('""', '"')
        if kind == "ref":
            return self.ev.cell(token.group("ref"))
        if kind == "range":
            return self.ev.cells(token.group("range"))
        if kind == "func":
            return self.call(token.group("func"))
        if token.group().strip() == "-":
            return -_number(self.factor())
        assert token.group().strip() == "(", token.group()
        value = self.expr()
        assert self.take().group().strip() == ")"
        return value

    def arguments(self) -> list[Callable[[], Any]]:
        """The arguments as parsed-later thunks (IF evaluates only its chosen branch)."""
        starts = []
        depth = 0
        while True:
            starts.append(self.at)
            while not (depth == 0 and self.peek() in (",", ")")):
                text = self.take().group().strip()
                depth += text.endswith("(") - (text == ")")
            if self.take().group().strip() == ")":
                end = self.at
                break

        def thunk(start: int) -> Callable[[], Any]:
            def run() -> Any:
                inner = _Parser(self.ev, self.tokens[:end])
                inner.at = start
                return inner.expr()

            return run

        return [thunk(s) for s in starts]

    def call(self, name: str) -> Any:
        args = self.arguments()
        if name == "IF":
            return args[1]() if args[0]() else args[2]()
        values = [a() for a in args]
        if name == "SUM":
            return sum(
                _number(v) for arg in values for v in (arg if isinstance(arg, list) else [arg])
            )
        if name == "INT":
            return int(_number(values[0]) // 1)
        if name == "SUMPRODUCT":
            return sum(_number(a) * _number(b) for a, b in zip(values[0], values[1], strict=True))
        if name == "SUMIF":
            return sum(_number(v) for k, v in zip(values[0], values[2], strict=True)
                       if _matches(k, values[1]))  # fmt: skip
        raise AssertionError(name)


def _matches(value: Any, criterion: Any) -> bool:
    if isinstance(criterion, str) and criterion.startswith("<>"):
        return value != criterion[2:]
    return bool(value == criterion)


__all__ = ["Evaluator"]
