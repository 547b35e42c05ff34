"""Records and files the meeting tests share (imported by the test modules that use them).

``meeting_a`` is a planned meeting of group_a in village_a (cycle_a, stage 1) on 10 March 2026
at the village hall, facilitated by ``facilitator``; ``meeting_b`` one of group_b in village_b.
``media`` keeps uploaded files in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ovop.accounts.models import User
from ovop.empowerment.models import Cycle, Group, Meeting, MeetingStatus

HELD_ON = dt.date(2026, 3, 10)
#: The smallest file that is a PDF as far as the sheet check goes (it starts with %PDF-).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name: str = "photo.png", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def big(name: str = "big.jpg", megabytes: int = 30) -> SimpleUploadedFile:
    """A 30 MB upload (its bytes need not be a picture: the size is refused first)."""
    return SimpleUploadedFile(name, b"\xff\xd8" + b"0" * (megabytes * 1024 * 1024), "image/jpeg")


def not_an_image(name: str = "notes.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"this is a letter, not a picture", content_type="image/jpeg")


def fake_pdf(name: str = "sheet.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"PK\x03\x04 a zip file", content_type="application/pdf")


def real_pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def _meeting(group: Group, cycle: Cycle | None, facilitator: User | None) -> Meeting:
    meeting = Meeting.objects.create(
        village=group.village,
        cycle=cycle,
        stage=cycle.stage if cycle else None,
        held_on=HELD_ON,
        place="Balai desa",
        agenda="1. Pengalaman kelompok\n2. Rencana berikutnya",
        facilitator=facilitator,
        status=MeetingStatus.PLANNED,
    )
    meeting.groups.add(group)
    return meeting


@pytest.fixture
def meeting_a(group_a: Group, cycle_a: Cycle, facilitator: User) -> Meeting:
    return _meeting(group_a, cycle_a, facilitator)


@pytest.fixture
def meeting_b(group_b: Group, cycle_b: Cycle) -> Meeting:
    return _meeting(group_b, cycle_b, None)
