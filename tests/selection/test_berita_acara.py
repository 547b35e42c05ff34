"""The berita acara of a decided round as a PDF: what it records (read back with pdftotext),
its file names by language, and who may not have it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.selection import decisions, selectors, services
from ovop.selection.models import Decision, SelectionRound
from tests.conftest import login
from tests.selection.conftest import CONSISTENT_3, TZENG_X, enter_scores

REASON = "Rusip keeps the most jobs in the village; agreed at the village meeting."
NIP = "196805121994031004"


def _decide(r: SelectionRound, assessor: User, officer: User) -> Decision:
    services.judgement_save(user=assessor, selection_round=r, matrix=CONSISTENT_3, submit=True)
    enter_scores(r, officer, TZENG_X)
    rusip = r.candidates.get(name="Rusip Alfa")
    return decisions.round_decide(
        user=officer, selection_round=r, candidate=rusip, note="Designated for 2024.", reason=REASON
    )


@pytest.fixture
def decided(tzeng_round: SelectionRound, assessor: User, officer: User) -> SelectionRound:
    _decide(tzeng_round, assessor, officer)
    return tzeng_round


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "berita-acara.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(out.stdout.split())


def _url(r: SelectionRound) -> str:
    return reverse("selection:record", args=[r.pk])


def test_record_holds_round_panel_weights_ranking_decision_and_signatures(
    client: Client, officer: User, decided: SelectionRound, tmp_path: Path, settings: Any
) -> None:
    settings.OVOP_REGENCY_NAME = "Kabupaten Uji"
    settings.OVOP_SIGNATORY_NAME = "Drs. Bambang Sutrisno"
    settings.OVOP_SIGNATORY_NIP = NIP
    login(client, officer)
    response = client.get(_url(decided) + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    result, _decision = selectors.result_shown(decided)
    assert "KABUPATEN UJI" in text  # the letterhead, in capitals
    assert decided.title in text and "OVOP Uji" in text and "Desa Alfa" in text
    assert "assessor 0.0000 submitted, counted" in text
    assert "assessor2 — Not yet submitted (not counted)" in text  # invited, never judged
    for criterion, weight in [("Market potential", "0.5714"), ("Value added", "0.2857")]:
        assert f"{criterion} benefit points {weight}" in text
    ranking = [
        f"{c.topsis_rank} {c.name} {c.closeness:.4f} {c.saw_score:.4f} {c.saw_rank}"
        for c in result.candidates
    ]
    assert [row in text for row in ranking] == [True] * 4
    positions = [text.index(row) for row in ranking]
    assert positions == sorted(positions)  # in TOPSIS order
    assert "Chosen candidate Rusip Alfa" in text
    assert REASON in text
    assert "Designated for 2024." in text
    assert "Drs. Bambang Sutrisno" in text and f"NIP {NIP}" in text


def test_record_is_indonesian_by_default_and_named_by_language(
    client: Client, viewer: User, decided: SelectionRound, tmp_path: Path
) -> None:
    login(client, viewer)
    response = client.get(_url(decided))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'inline; filename="berita-acara-seleksi-{decided.pk}.pdf"'
    )
    text = _text(response.content, tmp_path)
    assert "Peringkat" in text  # "Rank" in Indonesian
    assert REASON in text
    english = client.get(_url(decided) + "?lang=en")
    assert english["Content-Disposition"] == (
        f'inline; filename="selection-record-{decided.pk}.pdf"'
    )


def test_result_page_links_the_record_once_decided(
    client: Client, officer: User, tzeng_round: SelectionRound, assessor: User
) -> None:
    login(client, officer)
    result = reverse("selection:result", args=[tzeng_round.pk])
    assert _url(tzeng_round) not in client.get(result).content.decode()
    _decide(tzeng_round, assessor, officer)
    assert f'href="{_url(tzeng_round)}"' in client.get(result).content.decode()


def test_invited_assessor_and_facilitator_may_read_it(
    client: Client, assessor: User, facilitator: User, decided: SelectionRound
) -> None:
    for user in (assessor, facilitator):
        login(client, user)
        assert client.get(_url(decided)).status_code == 200


def test_undecided_round_has_no_record(
    client: Client, officer: User, tzeng_round: SelectionRound, assessor: User
) -> None:
    services.judgement_save(
        user=assessor, selection_round=tzeng_round, matrix=CONSISTENT_3, submit=True
    )
    enter_scores(tzeng_round, officer, TZENG_X)
    login(client, officer)
    assert client.get(_url(tzeng_round)).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("stranger", 404), ("owner", 403)])
def test_who_may_not_read_the_round_is_refused(
    client: Client, request: pytest.FixtureRequest, decided: SelectionRound, who: str, status: int
) -> None:
    user: User = request.getfixturevalue(who)
    login(client, user)
    response = client.get(_url(decided))
    assert response.status_code == status
    assert response["Content-Type"] != "application/pdf"


def test_anonymous_is_sent_to_login(client: Client, decided: SelectionRound) -> None:
    response = client.get(_url(decided))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
