"""Reading what a page shows: the rows of its tables and its embedded map data."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._section = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._json: list[str] | None = None
        self.json_scripts: dict[str, str] = {}
        self._json_id = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "script" and dict(attrs).get("type") == "application/json":
            self._json, self._json_id = [], dict(attrs).get("id") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = ""
        elif tag == "script" and self._json is not None:
            self.json_scripts[self._json_id] = "".join(self._json)
            self._json = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._json is not None:
            self._json.append(data)


def table_rows(html: str) -> list[list[list[str]]]:
    """The body rows of every table on the page, each cell as its whitespace-collapsed text."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def map_data(html: str) -> Any:
    parser = _Tables()
    parser.feed(html)
    return json.loads(parser.json_scripts["map-data"])
