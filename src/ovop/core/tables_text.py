"""Tables in text files: CSV as Excel, LibreOffice and KoboToolbox write it.

The characters are UTF-8 (with or without the byte-order mark Excel's "CSV UTF-8" writes), or
else Windows-1252 (Excel's plain "CSV" on Windows), or UTF-16 after its byte-order mark
(Excel's "Unicode text"); the whole file is checked before the first row is handed out, so that
an import never stops half-way on a character. The delimiter is ``;`` (Excel in Indonesian,
KoboToolbox, which also quotes every field), ``,`` or a tab: the one that splits the header row
into the most expected columns, then into the most cells — which is counting the delimiters in
the header row outside quotes.

The file is parsed as it is read: rows are handed out one at a time.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from ovop.core.tables_header import Header, Row, Table, TableError, find_table

DELIMITERS = (";", ",", "\t")
_SAMPLE_CHARACTERS = 1 << 16
_CHUNK = 1 << 20


class _Unclosable(io.RawIOBase):
    """The upload as a raw stream a TextIOWrapper may close without closing the upload."""

    def __init__(self, upload: IO[bytes]) -> None:
        super().__init__()
        self._upload = upload

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._upload.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _text(upload: IO[bytes], encoding: str) -> io.TextIOWrapper:
    upload.seek(0)
    raw = io.BufferedReader(_Unclosable(upload), buffer_size=_CHUNK)
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


def _decodes(upload: IO[bytes], encoding: str) -> bool:
    upload.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while chunk := upload.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(upload: IO[bytes], start: bytes) -> str:
    utf16 = start.startswith((b"\xff\xfe", b"\xfe\xff"))
    for encoding in ("utf-16",) if utf16 else ("utf-8-sig", "cp1252"):
        if _decodes(upload, encoding):
            return encoding
    raise TableError("encoding")


def _records(lines: Iterator[str], delimiter: str) -> Iterator[tuple[int, Row]]:
    try:
        yield from enumerate(csv.reader(lines, delimiter=delimiter), start=1)
    except csv.Error as error:
        raise TableError("damaged") from error


def _delimiter(sample: str, name: str, header: Header) -> str | None:
    """The delimiter under which ``sample`` (the file's start) has the best header row."""
    best, best_score = None, (0, 0)
    for delimiter in DELIMITERS:
        try:
            table = find_table(name, _records(iter(io.StringIO(sample)), delimiter), header)
        except TableError:
            continue
        if table is not None:
            score = (len(table.columns), sum(1 for key in table.headers if key))
            if score > best_score:
                best, best_score = delimiter, score
    return best


def text_tables(upload: IO[bytes], name: str, header: Header, start: bytes) -> Iterator[Table]:
    """The one table of a text file, its rows read as they are asked for."""
    encoding = _encoding(upload, start)
    with _text(upload, encoding) as stream:
        sample = stream.read(_SAMPLE_CHARACTERS)
    delimiter = _delimiter(sample, name, header)
    if delimiter is None:
        raise TableError.no_header(header)
    table = find_table(name, _records(_text(upload, encoding), delimiter), header)
    if table is None:  # pragma: no cover - the sample has shown the header row
        raise TableError.no_header(header)
    return iter([table])
