# ruff: noqa: F811  (fixtures imported from conftest_indicators are parameters here)
"""The data-quality page of a round: the flags the check raises (a jump against the
baseline, a value out of range or beyond the robust fence, identical entries), confirming and
correcting them, refreshing after a correction, what is missing, who may do what, and the
number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.monitoring.choices import EntryStatus, FlagKind, FlagStatus, Origin, RoundStatus
from ovop.monitoring.models import Flag, Indicator, Respondent, Round, Value, ValueRevision
from ovop.monitoring.services_entry import entry_save
from ovop.monitoring.services_quality import flag_confirm, flag_correct, quality_refresh
from ovop.programme.models import Programme
from ovop.regions.models import Region
from tests.monitoring.conftest_indicators import (  # noqa: F401 - fixtures
    answer,
    enterprises,
    indicator_make,
    round_make,
    village_c,
)
from tests.refusals import LOGIN, Answer, Attempt, assert_refused, matrix, refused, rows

pytestmark = pytest.mark.django_db

E = EntryStatus
#: The baseline: (penjualan, pekerja, produksi) per enterprise.
BASE = {"a1": (10, 2, 5), "a2": (10, 2, 5), "a3": (10, 3, 7), "b1": (10, 4, 9), "c1": (2, 4, 9)}
#: The follow-up: a1 sells 12 × its baseline, a2 9 ×; a3's production is above the range
#: (0–50); b1 and b2 are the same entry twice; c1 and c2 agree on two answers only.
FOLLOW = {
    "a1": (E.APPROVED, (120, 2, 5)),
    "a2": (E.APPROVED, (90, 3, 6)),
    "a3": (E.SUBMITTED, (20, 3, 60)),
    "b1": (E.APPROVED, (11, 4, 9)),
    "b2": (E.APPROVED, (11, 4, 9)),
    "c1": (E.SUBMITTED, (11, 4, None)),
    "c2": (E.APPROVED, (11, 4, None)),
    "a4": (E.EMPTY, ()),
    "a5": (E.DRAFT, (5,)),
}


@dataclass
class Survey:
    round: Round
    r: dict[str, Respondent]

    def flag(self, key: str, kind: str) -> Flag:
        return Flag.objects.get(respondent=self.r[key], kind=kind)


def _answer(
    round_: Round, firm: Enterprise, status: str, numbers: tuple[int | None, ...]
) -> Respondent:
    asked = [q.indicator for q in round_.questions.select_related("indicator")]
    return answer(
        round_,
        firm,
        {i: n for i, n in zip(asked, numbers, strict=False) if n is not None},
        status=status,
    )


@pytest.fixture
def trio(db: None) -> list[Indicator]:
    return [
        indicator_make("penjualan", min_value=Decimal(0), max_value=Decimal(1000)),
        indicator_make("pekerja", value_type="integer"),
        indicator_make("produksi_q", min_value=Decimal(0), max_value=Decimal(50)),
    ]


@pytest.fixture
def followup(
    programme: Programme, enterprises: dict[str, Enterprise], trio: list[Indicator]
) -> Survey:
    base = round_make(programme, "Awal 2024", year=2024, end=dt.date(2024, 3, 31), indicators=trio)
    Round.objects.filter(pk=base.pk).update(kind="baseline")
    for key, numbers in BASE.items():
        _answer(base, enterprises[key], E.APPROVED, numbers)
    follow = round_make(
        programme, "Lanjutan 2025", year=2025, end=dt.date(2025, 3, 31), indicators=trio
    )
    follow.baseline = base
    follow.save()
    r = {k: _answer(follow, enterprises[k], s, n) for k, (s, n) in FOLLOW.items()}
    return Survey(follow, r)


@pytest.fixture
def flagged(followup: Survey, officer: User) -> Survey:
    quality_refresh(user=officer, round_=followup.round)
    return followup


def _firm(village: Region, name: str) -> Enterprise:
    return Enterprise.objects.create(name=name, owner_name="Pemilik", village=village)


def _flags(round_: Round) -> set[tuple[str, str | None, str, str, str]]:
    return {
        (
            f.respondent.enterprise.name,
            f.indicator.code if f.indicator else None,
            f.kind,
            f.status,
            f.detail,
        )
        for f in Flag.objects.filter(respondent__round=round_).select_related(
            "respondent__enterprise", "indicator"
        )
    }


# --- the check --------------------------------------------------------------------------------


def test_refresh_raises_exactly_the_expected_flags(followup: Survey, officer: User) -> None:
    done = quality_refresh(user=officer, round_=followup.round)
    b1, b2 = followup.r["b1"].pk, followup.r["b2"].pk
    assert _flags(followup.round) == {
        ("IKM A1", "penjualan", "jump", "open", "jump|120|10"),  # 12 ×; a2's 9 × is not
        ("IKM A3", "produksi_q", "out_of_range", "open", "range|60|0|50"),
        ("IKM B1", None, "duplicate", "open", f"same|{b2}"),
        ("IKM B2", None, "duplicate", "open", f"same|{b1}"),
    }
    assert (done.created, done.updated, done.removed, done.still_open) == (4, 0, 0, 4)
    again = quality_refresh(user=officer, round_=followup.round)
    assert (again.created, again.updated, again.removed, again.kept) == (0, 0, 0, 4)


def test_a_narrowed_range_and_the_robust_fence(
    programme: Programme, village_a: Region, officer: User
) -> None:
    """Ten values 10…19 and 100 (median 15, MAD 3: the fence is −7.24 to 37.24), and a value
    entered before the range was narrowed to at most 18."""
    skor = indicator_make("skor_uji", min_value=Decimal(0))
    round_ = round_make(programme, "R", year=2025, end=dt.date(2025, 1, 31), indicators=[skor])
    firms = [_firm(village_a, f"F{v}") for v in [*range(10, 20), 100]]
    for firm, v in zip(firms, [*range(10, 20), 100], strict=True):
        answer(round_, firm, {skor: v})
    Indicator.objects.filter(pk=skor.pk).update(max_value=Decimal(18))
    quality_refresh(user=officer, round_=round_)
    assert {(name, detail) for name, _i, _k, _s, detail in _flags(round_)} == {
        ("F19", "range|19|0|18"),
        ("F100", "range|100|0|18"),  # the range is named first; the fence agrees
    }
    Indicator.objects.filter(pk=skor.pk).update(max_value=None)
    quality_refresh(user=officer, round_=round_)
    assert {(name, detail) for name, _i, _k, _s, detail in _flags(round_)} == {
        # the fence on log(1 + value): median 15, exp of ±5 robust SD = 3.48 to 56.2
        ("F100", "robust|100|3.48|56.2")
    }


# --- confirming and correcting ----------------------------------------------------------------


def test_confirming_keeps_who_when_why_and_survives_a_refresh(
    english: None, flagged: Survey, officer: User
) -> None:
    flag = flagged.flag("a1", FlagKind.JUMP)
    with pytest.raises(ValidationError) as refused_:
        flag_confirm(user=officer, flag=flag, reason="  ")
    assert refused_.value.message_dict == {
        "reason": ["Reason: say how you know the value is right."]
    }
    flag_confirm(user=officer, flag=flag, reason="Nota dilihat")
    flag.refresh_from_db()
    assert (flag.status, flag.reason, flag.resolved_by) == ("confirmed", "Nota dilihat", officer)
    assert flag.resolved_at is not None
    done = quality_refresh(user=officer, round_=flagged.round)  # the cause is still there
    assert (done.created, done.removed) == (0, 0)
    assert Flag.objects.get(pk=flag.pk).status == FlagStatus.CONFIRMED
    with pytest.raises(ValidationError) as refused_:
        flag_confirm(user=officer, flag=flag, reason="lagi")
    assert refused_.value.messages == ["This flag is already settled (“Confirmed as correct”)."]


def test_correcting_in_an_open_round_keeps_the_entry_status(flagged: Survey, officer: User) -> None:
    flag = flagged.flag("a3", FlagKind.OUT_OF_RANGE)
    written = flag_correct(
        user=officer,
        flag=flag,
        raw={"produksi_q": "40", "penjualan": "999"},  # only the flag's question is taken
        reason="Salah ketik",
    )
    assert (written.updated, written.created) == (1, 0)
    values = dict(flagged.r["a3"].values.values_list("indicator__code", "number"))
    assert values == {"penjualan": Decimal(20), "pekerja": Decimal(3), "produksi_q": Decimal(40)}
    revision = ValueRevision.objects.get()
    got = (revision.old_number, revision.new_number, revision.origin, revision.reason)
    assert got == (Decimal(60), Decimal(40), "correction", "Salah ketik")
    assert Respondent.objects.get(pk=flagged.r["a3"].pk).status == E.SUBMITTED
    flag.refresh_from_db()
    assert (flag.status, flag.reason, flag.resolved_by) == ("corrected", "Salah ketik", officer)


def test_a_refresh_after_a_correction_removes_the_open_flag(flagged: Survey, officer: User) -> None:
    flag_correct(
        user=officer,
        flag=flagged.flag("b1", FlagKind.DUPLICATE),
        raw={"pekerja": "5"},
        reason="Ditanya ulang",
    )
    partner = flagged.flag("b2", FlagKind.DUPLICATE)
    assert partner.status == FlagStatus.OPEN
    done = quality_refresh(user=officer, round_=flagged.round)
    assert (done.created, done.removed) == (0, 1)
    assert not Flag.objects.filter(pk=partner.pk).exists()
    assert flagged.flag("b1", FlagKind.DUPLICATE).status == FlagStatus.CORRECTED


def test_a_correction_must_change_something(english: None, flagged: Survey, officer: User) -> None:
    flag = flagged.flag("a1", FlagKind.JUMP)
    with pytest.raises(ValidationError) as refused_:
        flag_correct(user=officer, flag=flag, raw={"penjualan": "120"}, reason="cek")
    assert refused_.value.messages == [
        "No value changed: change one, or confirm that the value is right."
    ]
    assert Flag.objects.get(pk=flag.pk).status == FlagStatus.OPEN
    assert not ValueRevision.objects.exists()


def test_a_split_indicator_is_corrected_by_its_parts(
    officer: User, answering_x: Respondent, full: dict[str, str], indicators: dict[str, Indicator]
) -> None:
    entry_save(user=officer, respondent=answering_x, raw=full, submit=True)
    workers = indicators["tenaga_kerja"]
    flag = Flag.objects.create(respondent=answering_x, indicator=workers, kind=FlagKind.JUMP)
    flag_correct(user=officer, flag=flag, raw={"tenaga_kerja__male": "4"}, reason="Ditelepon")
    numbers = dict(answering_x.values.filter(indicator=workers).values_list("breakdown", "number"))
    assert numbers == {"female": 3, "male": 4, "youth": 1, "": 7}  # the total: 3 + 4
    assert ValueRevision.objects.filter(origin=Origin.CORRECTION).count() == 2
    assert Respondent.objects.get(pk=answering_x.pk).status == E.SUBMITTED


def test_a_locked_round_is_corrected_by_an_administrator_only(
    flagged: Survey, officer: User, admin_user: User
) -> None:
    Round.objects.filter(pk=flagged.round.pk).update(status=RoundStatus.LOCKED)
    flag = flagged.flag("a1", FlagKind.JUMP)
    before = rows("monitoring")
    with pytest.raises(PermissionDenied):
        flag_correct(user=officer, flag=flag, raw={"penjualan": "12"}, reason="nol lebih")
    assert rows("monitoring") == before
    flag_correct(user=admin_user, flag=flag, raw={"penjualan": "12"}, reason="Nol lebih")
    revision = ValueRevision.objects.get()
    assert (revision.new_number, revision.origin, revision.changed_by) == (
        Decimal(12),
        "correction",
        admin_user,
    )
    assert Flag.objects.get(pk=flag.pk).status == FlagStatus.CORRECTED


# --- the pages --------------------------------------------------------------------------------


def _url(s: Survey) -> str:
    return f"/monitoring/rounds/{s.round.pk}/quality/"


def test_the_page_lists_what_is_missing_and_the_flags(
    english_client: Client, viewer: User, flagged: Survey
) -> None:
    english_client.force_login(viewer)
    response = english_client.get(_url(flagged))
    assert response.status_code == 200
    overview = response.context["overview"]
    assert [r.enterprise.name for r in overview.not_done] == ["IKM A5", "IKM A4"]  # draft, empty
    missing = [
        (m.question.name, m.missing, [r.enterprise.name for r in m.named])
        for m in overview.questions
    ]
    assert missing == [("produksi_q", 2, ["IKM C1", "IKM C2"])]
    page = response.content.decode()
    for text in (
        "120, against 10 at baseline: more than 10 times as much.",
        "60 is outside the plausible range (0 to 50).",
        "Same answers as IKM B2.",
    ):
        assert text in page, text
    assert "Check the values again" not in page  # a viewer reads only


def test_a_facilitator_sees_the_respondents_of_their_villages(
    english_client: Client, facilitator: User, flagged: Survey
) -> None:
    english_client.force_login(facilitator)
    response = english_client.get(_url(flagged))
    overview = response.context["overview"]
    assert {f.flag.respondent.enterprise.name for f in response.context["rows"]} == {
        "IKM A1",
        "IKM A3",
    }
    assert overview.questions == [] and overview.done_total == 3
    page = response.content.decode()
    assert "IKM B1" not in page and "IKM C1" not in page
    assert "Only the respondents of your villages are shown." in page
    b1 = flagged.flag("b1", FlagKind.DUPLICATE)
    assert english_client.get(f"/monitoring/flags/{b1.pk}/").status_code == 404
    a1 = flagged.flag("a1", FlagKind.JUMP)
    page = english_client.get(f"/monitoring/flags/{a1.pk}/").content.decode()
    assert "Confirm as correct" not in page and "Save the correction" not in page


def test_refresh_confirm_and_correct_through_the_pages(
    english_client: Client, officer: User, followup: Survey
) -> None:
    english_client.force_login(officer)
    response = english_client.post(f"{_url(followup)}refresh/")
    assert response.status_code == 302 and Flag.objects.count() == 4
    a1, a3 = followup.flag("a1", FlagKind.JUMP), followup.flag("a3", FlagKind.OUT_OF_RANGE)
    response = english_client.post(f"/monitoring/flags/{a1.pk}/confirm/", {"confirm-reason": ""})
    assert response.status_code == 400
    response = english_client.post(
        f"/monitoring/flags/{a1.pk}/confirm/", {"confirm-reason": "Nota dilihat"}
    )
    assert response.status_code == 302 and response["Location"] == _url(followup)
    url = f"/monitoring/flags/{a3.pk}/correct/"
    response = english_client.post(url, {"produksi_q": "500", "reason": "x"})
    assert response.status_code == 400
    assert "is outside 0 to 50." in response.content.decode()
    response = english_client.post(url, {"produksi_q": "45", "reason": "Timbangan ulang"})
    assert response.status_code == 302
    assert Value.objects.get(respondent=followup.r["a3"], indicator__code="produksi_q").number == 45
    assert set(Flag.objects.values_list("status", flat=True)) == {"confirmed", "corrected", "open"}


def test_the_page_in_indonesian_by_default(client: Client, viewer: User, flagged: Survey) -> None:
    client.force_login(viewer)
    page = client.get(_url(flagged)).content.decode()
    assert '<html lang="id">' in page and "IKM A1" in page


# --- who may do what --------------------------------------------------------------------------

ATTEMPTS = {
    "page": Attempt("get", lambda s: _url(s)),
    "flag": Attempt("get", lambda s: f"/monitoring/flags/{s.flag('a1', 'jump').pk}/"),
    "refresh": Attempt("post", lambda s: f"{_url(s)}refresh/"),
    "confirm": Attempt(
        "post",
        lambda s: f"/monitoring/flags/{s.flag('a1', 'jump').pk}/confirm/",
        {"confirm-reason": "Nota dilihat"},
    ),
    "correct": Attempt(
        "post",
        lambda s: f"/monitoring/flags/{s.flag('a1', 'jump').pk}/correct/",
        {"penjualan": "12", "reason": "Nol lebih"},
    ),
}
KEPT_OUT: dict[str, Answer] = {"anonymous": LOGIN, "assessor": 403, "owner": 403, "outsider": 403}
READ_ONLY: dict[str, Answer] = {"viewer": 403, "facilitator": 403}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(KEPT_OUT, ATTEMPTS) + matrix(READ_ONLY, ["refresh", "confirm", "correct"]),
)
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    flagged: Survey,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, records=flagged, apps=("monitoring",)
    )


def test_an_officer_cannot_correct_a_locked_round_on_the_page(
    client: Client, officer: User, flagged: Survey
) -> None:
    Round.objects.filter(pk=flagged.round.pk).update(status=RoundStatus.LOCKED)
    client.force_login(officer)
    assert_refused(client, ATTEMPTS["correct"], 403, records=flagged, apps=("monitoring",))


# --- the number of queries --------------------------------------------------------------------


def _crowd(programme: Programme, village: Region, trio: list[Indicator], n: int) -> Round:
    """``n`` identical approved entries, each with a sale above the range; one entry leaving
    production blank; one draft."""
    round_ = round_make(programme, f"R{n}", year=2025, end=dt.date(2025, 1, 31), indicators=trio)
    entries = [(E.APPROVED, (2000, 1, 1))] * n + [(E.APPROVED, (3, 1)), (E.DRAFT, (3,))]
    for i, (status, numbers) in enumerate(entries):
        _answer(round_, _firm(village, f"IKM {n}-{i}"), status, numbers)
    return round_


@pytest.mark.parametrize("persona", ["officer", "facilitator"])
def test_refresh_and_page_run_as_many_queries_for_3_as_for_30_respondents(
    client: Client,
    request: pytest.FixtureRequest,
    programme: Programme,
    village_a: Region,
    trio: list[Indicator],
    officer: User,
    persona: str,
) -> None:
    client.force_login(request.getfixturevalue(persona))
    refreshes, pages = [], []
    for n in (3, 30):
        round_ = _crowd(programme, village_a, trio, n)
        with CaptureQueriesContext(connection) as queries:
            quality_refresh(user=officer, round_=round_)
        refreshes.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/monitoring/rounds/{round_.pk}/quality/")
        assert response.status_code == 200
        assert response.context["overview"].open_flags == 2 * n
        pages.append(len(queries))
    # the refresh: its savepoint and release, the round, its questions, the values streamed,
    # the flags there were, the new flags; then the dashboard's tallies of the round (its
    # savepoint and release, the round locked, the old rows removed, the values summed, the
    # new rows)
    assert refreshes == [13, 13]
    # the page: session and user, the round, its questions, entries by state, those not
    # done, flags by kind, blank answers, the entries leaving them, their values, the flags
    # counted and listed, the names of the duplicates' partners
    assert pages == [13, 13]
