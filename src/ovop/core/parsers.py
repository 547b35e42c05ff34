"""The API's JSON parser: REST framework's, with a limit on size and on nesting.

Python's json module recurses once per level of nesting, so a body of 100,000 "[" ends in a
RecursionError (a 500); and REST framework reads a body of any size. This parser reads at most
DATA_UPLOAD_MAX_MEMORY_SIZE bytes and counts the nesting before it decodes anything, and
answers either excess with a ParseError (a 400 in the API's error shape).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant

#: Deepest nesting of arrays and objects accepted; ovop's deepest request body has 3 levels.
MAX_DEPTH = 32

# A JSON string (skipped: brackets inside it do not count) or one bracket. The string pattern
# is the "unrolled loop" form, linear in the length of the text.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def nesting_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, strings ignored."""
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


class LimitedJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        if stream is None:
            return None
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise ParseError(
                _("The request body is larger than %(limit)s bytes.") % {"limit": limit}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            message = _("The request body is not text in %(encoding)s.")
            raise ParseError(message % {"encoding": encoding}) from None
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(
                _("The JSON is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}
            )
        parse_constant = strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as error:
            raise ParseError(_("JSON parse error - %(error)s") % {"error": error}) from None
