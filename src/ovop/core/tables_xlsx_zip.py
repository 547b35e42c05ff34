"""The parts of an XLSX file: ZIP members decompressed a chunk at a time, and the expat parsers
their XML is read with, which refuse a document type declaration (its entities could expand
without bound: "billion laughs") and so never load anything from outside the file."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from ovop.core.tables_header import TableError

#: How much of a member is decompressed and parsed at a time.
CHUNK = 1 << 20
#: Reading a member may fail in any of these ways when the file is damaged.
MEMBER_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,  # zipfile: a compression method it does not support
    expat.ExpatError,
)


@dataclass(frozen=True)
class XlsxBook:
    """What the cells of every sheet of an open workbook are read with."""

    archive: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]  # lower-cased member name → member
    strings: list[str]  # the shared strings
    styles: dict[str, int | None]  # each style index, as ``s="…"`` spells it → DATE, DURATION
    date1904: bool


def _refuse_dtd(*_: object) -> None:
    """A document type declaration may define entities that expand without bound."""
    raise TableError("damaged")


def new_parser() -> expat.XMLParserType:
    """An expat parser that refuses DTDs and buffers text between tags."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


def member_chunks(book: XlsxBook, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The decompressed bytes of a member, ``CHUNK`` at a time."""
    with book.archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            yield chunk
