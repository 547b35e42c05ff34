"""Saving an assessment locks its row: a draft save racing a finalise never reverts a final
assessment (issue 8). On PostgreSQL two threads, each with its own connection, race a draft
save against a finalise; on SQLite, which lets one writer in at a time (transactions begin
IMMEDIATE), the same two orders are run one after the other."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.rating import services
from ovop.rating.models import Assessment, RatingScheme
from tests.factories import ProductFactory
from tests.rating.conftest import passing

#: How the race is run on this database engine (shown in the test's id).
RACE = "threads" if connection.vendor == "postgresql" else "sequential"
ROUNDS = 12
DRAFT = {"a1_material": "o1", "a1_supply": "o1"}
REFUSED = "Status: this assessment is final and can no longer be changed."


def _draft(assessment: Assessment, user: User) -> Assessment:
    return services.assessment_save(
        user=user, assessment=assessment, answers=DRAFT, evidence="draft", finalise=False
    )


def _final(assessment: Assessment, user: User) -> Assessment:
    return services.assessment_save(
        user=user,
        assessment=assessment,
        answers=passing(assessment.scheme),
        evidence="final",
        finalise=True,
    )


def _stored(pk: int) -> tuple[str, dict[str, str], str]:
    row = Assessment.objects.get(pk=pk)
    return row.status, row.answers, row.evidence


def _expected_final(scheme: RatingScheme) -> tuple[str, dict[str, str], str]:
    registry_items = {g["item"] for g in scheme.definition["gates"] if g.get("registry")}
    answers = {k: v for k, v in passing(scheme).items() if k not in registry_items}
    return "final", answers, "final"


def test_a_save_after_finalising_is_refused_and_the_final_answers_stay(
    invited: Assessment, assessor: User, kemenperin: RatingScheme
) -> None:
    stale = Assessment.objects.get(pk=invited.pk)  # a page loaded before the finalise
    _draft(invited, assessor)
    _final(Assessment.objects.get(pk=invited.pk), assessor)
    before = (_stored(invited.pk), Assessment.history.filter(id=invited.pk).count())  # type: ignore[attr-defined]
    assert stale.status == "invited"
    with pytest.raises(ValidationError) as err:
        _draft(stale, assessor)
    assert err.value.message_dict == {"status": [REFUSED]}
    after = (_stored(invited.pk), Assessment.history.filter(id=invited.pk).count())  # type: ignore[attr-defined]
    assert after == before
    assert before[0] == _expected_final(kemenperin)


def _race(pk: int, assessor: User) -> list[str]:
    """A draft save and a finalise of assessment ``pk``, each in its own thread and database
    connection, let go at once; each loads the assessment (a draft) before the start."""
    barrier = threading.Barrier(2, timeout=30)
    outcome: dict[str, str] = {}

    def run(name: str, save: Callable[[Assessment, User], Assessment]) -> None:
        try:
            loaded = Assessment.objects.select_related("scheme", "product").get(pk=pk)
            barrier.wait()
            save(loaded, assessor)
            outcome[name] = "saved"
        except ValidationError as exc:
            outcome[name] = f"refused: {sorted(exc.message_dict)}"
        except Exception as exc:  # any other error is reported by the assertions below
            outcome[name] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("draft", _draft)),
        threading.Thread(target=run, args=("final", _final)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return [outcome.get("draft", "no answer"), outcome.get("final", "no answer")]


def _rounds_in_threads(
    enterprise: Enterprise, officer: User, assessor: User, scheme: RatingScheme
) -> None:
    for _ in range(ROUNDS):
        product = ProductFactory(enterprise=enterprise)
        invited = services.assessment_invite(
            user=officer, product=product, scheme=scheme, assessor=assessor
        )
        _draft(invited, assessor)
        draft, final = _race(invited.pk, assessor)
        assert final == "saved"
        assert draft in ("saved", "refused: ['status']"), draft  # before or after the finalise
        assert _stored(invited.pk) == _expected_final(scheme)


def _both_orders_in_turn(
    enterprise: Enterprise, officer: User, assessor: User, scheme: RatingScheme
) -> None:
    for draft_first in (True, False):
        product = ProductFactory(enterprise=enterprise)
        invited = services.assessment_invite(
            user=officer, product=product, scheme=scheme, assessor=assessor
        )
        draft_page = Assessment.objects.get(pk=invited.pk)
        final_page = Assessment.objects.get(pk=invited.pk)
        if draft_first:
            _draft(draft_page, assessor)
            _final(final_page, assessor)
        else:
            _final(final_page, assessor)
            with pytest.raises(ValidationError) as err:
                _draft(draft_page, assessor)
            assert err.value.message_dict == {"status": [REFUSED]}
        assert _stored(invited.pk) == _expected_final(scheme)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", [RACE])
def test_a_draft_save_racing_a_finalise_never_reverts_it(
    how: str,
    enterprise_x: Enterprise,
    officer: User,
    assessor: User,
    kemenperin: RatingScheme,
) -> None:
    if how == "threads":
        _rounds_in_threads(enterprise_x, officer, assessor, kemenperin)
    else:
        _both_orders_in_turn(enterprise_x, officer, assessor, kemenperin)
