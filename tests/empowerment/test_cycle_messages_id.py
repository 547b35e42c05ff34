"""The cycle's refusals in Indonesian, the default language: from the services, and as the
facilitator reads them on the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from ovop.accounts.models import User
from ovop.empowerment import services_cycles as cycles
from ovop.empowerment import services_stages as stages
from ovop.empowerment.models import Cycle
from tests.conftest import login
from tests.empowerment.cycle_helpers import action, walk_to
from tests.refusals import changed, rows

pytestmark = pytest.mark.django_db


def test_advance_refused_in_indonesian(facilitator: User, cycle_a: Cycle) -> None:
    before = rows("empowerment")
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        cycles.cycle_advance(user=facilitator, cycle=cycle_a)
    assert caught.value.message_dict == {
        "stage": ["Tahap 1: catat sedikitnya satu pengalaman sebelum melanjutkan."],
        "meetings": [
            "Pertemuan: catat dulu pertemuan yang diadakan untuk tahap 1 (pertemuan siklus ini, "
            "ditandai sudah diadakan)."
        ],
    }
    assert changed(before, rows("empowerment")) == []


def test_closed_cycle_refused_in_indonesian(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 5)
    action(cycle, "Desain label")
    cycles.cycle_close(user=facilitator, cycle=cycle, achievements="Selesai")
    cycle.refresh_from_db()
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        stages.experience_add(user=facilitator, cycle=cycle, kind="empowering", text="x")
    assert caught.value.message_dict == {
        "cycle": ["Siklus: siklus ini sudah ditutup (direviu) dan tidak dapat diubah lagi."]
    }


def test_stage_not_reached_in_indonesian(facilitator: User, cycle_a: Cycle) -> None:
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        stages.reason_add(user=facilitator, cycle=cycle_a, text="x", experiences=[])
    assert caught.value.message_dict == {
        "stage": ["Alasan: siklus berada di tahap 1; isian ini dicatat mulai tahap 2."]
    }


def test_pages_speak_indonesian(client: Client, facilitator: User, cycle_a: Cycle) -> None:
    walk_to(facilitator, cycle_a, 3)
    login(client, facilitator)
    before = rows("empowerment")
    page = client.post(
        f"/empowerment/cycles/{cycle_a.pk}/problems/add/",
        {"kind": "problem", "title": "Gudang", "votes": "9"},
    )
    assert page.context["form"].errors["votes"] == [
        "Suara: dari 0 sampai 4, jumlah anggota yang hadir."
    ]
    assert changed(before, rows("empowerment")) == []
    detail = client.get(f"/empowerment/cycles/{cycle_a.pk}/").content.decode()
    assert "Lanjut ke tahap 4" in detail and "Siklus pemberdayaan" in detail
