"""The one confirmation of irreversible steps: ConfirmForm (pages) and check_confirmed (API)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.test import RequestFactory
from rest_framework import serializers

from ovop.core.api_text import ConfirmIn, check_confirmed
from ovop.core.forms import Confirmation, ConfirmForm, ask_to_confirm, confirm_page
from ovop.core.text import REASON_MAX_LENGTH

pytestmark = pytest.mark.usefixtures("english")


def _post(**values: str) -> QueryDict:
    data = QueryDict(mutable=True)
    data.update(values)
    return data


def test_a_post_without_confirm_is_not_confirmed_and_shows_no_errors() -> None:
    form = ConfirmForm(_post(name="x"))
    assert not form.is_bound and not form.confirmed()
    assert form.errors == {}
    assert ConfirmForm(None).confirmed() is False


def test_confirm_needs_a_reason_of_at_most_1000_characters() -> None:
    assert REASON_MAX_LENGTH == 1000  # kept whole: the change reason column is text
    missing = ConfirmForm(_post(confirm="True"))
    assert not missing.confirmed()
    assert missing.errors == {"reason": ["This field is required."]}
    big = ConfirmForm(_post(confirm="True", reason="x" * 1_000_000))
    assert not big.confirmed()
    assert big.errors == {"reason": ["Reason: at most 1000 characters (it has 1000000)."]}
    good = ConfirmForm(_post(confirm="1", reason="  Closed \u202efor good. "))
    assert good.confirmed()
    assert good.given_reason() == "Closed for good."


def test_a_step_without_history_is_confirmed_without_a_reason() -> None:
    form = ConfirmForm(_post(confirm="1"), reason=False)
    assert form.confirmed() and form.given_reason() == ""
    assert "reason" not in form.fields


@pytest.mark.django_db
def test_the_page_says_what_happens_carries_values_and_posts_confirm(rf: RequestFactory) -> None:
    request = rf.post("/x/", {"candidate": "7", "note": 'a "b"'})
    request.user = AnonymousUser()
    confirmation = Confirmation(
        title="Designate “Madu”",
        what="Madu will be the chosen product.",
        cancel="/back/",
        hidden=[("candidate", "7"), ("note", 'a "b"')],
    )
    reason, page = ask_to_confirm(request, confirmation)
    assert reason == "" and page is not None and page.status_code == 200
    html = page.content.decode()
    assert "Madu will be the chosen product." in html
    assert "This cannot be undone." in html
    assert 'name="candidate" value="7"' in html
    assert 'name="note" value="a &quot;b&quot;"' in html
    assert 'name="confirm"' in html and 'name="reason"' in html and 'maxlength="1000"' in html
    assert 'href="/back/"' in html
    warned = confirm_page(
        request, ConfirmForm(), Confirmation(title="T", what="W", cancel="/", warning="Undoable.")
    )
    assert "Undoable." in warned.content.decode()
    assert "This cannot be undone." not in warned.content.decode()


def test_the_api_check_names_the_missing_field() -> None:
    with pytest.raises(serializers.ValidationError) as caught:
        check_confirmed({"confirm": False, "reason": ""}, what="finalise the assessment")
    assert caught.value.detail == {
        "confirm": [
            'Confirm: send "confirm": true to finalise the assessment; it cannot be undone.'
        ],
        "reason": ["Reason: say why; it is kept in the record's history."],
    }
    check_confirmed({"confirm": True, "reason": "ok"}, what="x")
    check_confirmed({"confirm": True}, what="x", reason=False)


def test_the_api_reason_is_bounded_and_cleaned() -> None:
    big = ConfirmIn(data={"confirm": True, "reason": "x" * 1_000_000})
    assert not big.is_valid()
    assert big.errors == {"reason": ["Reason: at most 1000 characters (it has 1000000)."]}
    good = ConfirmIn(data={"confirm": True, "reason": "ok\u202e"})
    assert good.is_valid() and good.validated_data == {"confirm": True, "reason": "ok"}
