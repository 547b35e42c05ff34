"""A service's refusal, shown the one way on a page (a form, or messages after an action) and
in the API (``{"error": ..., "fields": {...}}`` through ``ovop.core.api.exception_handler``)."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.test import RequestFactory
from django.utils import translation
from rest_framework.exceptions import NotAuthenticated

from ovop.core.api import exception_handler
from ovop.core.forms import add_service_errors, run_and_redirect


class YearForm(forms.Form):
    year = forms.IntegerField()
    item_a = forms.CharField(required=False)


def _form(error: ValidationError, **kwargs: Any) -> YearForm:
    form = YearForm({"year": "2024"})
    assert form.is_valid()
    add_service_errors(form, error, **kwargs)
    return form


def test_a_keyed_error_goes_next_to_its_field() -> None:
    form = _form(ValidationError({"year": "Year: before the programme started."}))
    assert form.errors == {"year": ["Year: before the programme started."]}


def test_an_unknown_key_goes_to_the_top_named_unless_the_message_says_it() -> None:
    form = _form(
        ValidationError(
            {
                "regency": ["not a regency."],
                "status": ["Status: final."],
                "answers": ["Finalise: every item needs an answer."],
                NON_FIELD_ERRORS: ["Nothing to save."],
            }
        )
    )
    assert form.non_field_errors() == [
        "regency: not a regency.",
        "Status: final.",
        "Finalise: every item needs an answer.",
        "Nothing to save.",
    ]


def test_a_list_goes_to_the_top() -> None:
    form = _form(ValidationError(["One.", "Two."]))
    assert form.non_field_errors() == ["One.", "Two."]


def test_a_key_can_be_mapped_to_the_forms_field() -> None:
    error = ValidationError({"answers.a": ["Item A: 'o9' is not one of its options."]})
    form = _form(error, field_for=lambda key: key.replace("answers.", "item_"))
    assert form.errors == {"item_a": ["Item A: 'o9' is not one of its options."]}


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _flashed(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_run_and_redirect_flashes_success_and_goes_on() -> None:
    request = _request()
    response = run_and_redirect(
        request, lambda: 7, done=lambda n: f"{n} saved.", to=lambda n: f"/rounds/{n}/"
    )
    assert (response.status_code, response["Location"]) == (302, "/rounds/7/")
    assert _flashed(request) == [("success", "7 saved.")]


def test_run_and_redirect_flashes_each_refusal_and_goes_back() -> None:
    def refuse() -> None:
        raise ValidationError({"a": ["A: no."], "b": ["B: never."]})

    request = _request()
    response = run_and_redirect(request, refuse, done="Saved.", to="/next/", refused_to="/back/")
    assert response["Location"] == "/back/"
    assert _flashed(request) == [("error", "A: no."), ("error", "B: never.")]


def test_run_and_redirect_lets_any_other_error_through() -> None:
    def deny() -> None:
        raise PermissionDenied

    with pytest.raises(PermissionDenied):
        run_and_redirect(_request(), deny, done="Saved.", to="/next/")


def _api(exc: Exception) -> tuple[int, object]:
    with translation.override("en"):
        response = exception_handler(exc, {})
    assert response is not None
    return response.status_code, response.data


def test_a_service_error_in_the_api_says_all_its_messages() -> None:
    error = ValidationError({NON_FIELD_ERRORS: ["Round: closed."], "reason": ["Reason: give one."]})
    assert _api(error) == (
        400,
        {"error": "Round: closed. Reason: give one.", "fields": {"reason": ["Reason: give one."]}},
    )


def test_a_service_error_without_fields_in_the_api() -> None:
    assert _api(ValidationError(["Criteria: at least 2.", "Assessors: invite 1."])) == (
        400,
        {"error": "Criteria: at least 2. Assessors: invite 1.", "fields": {}},
    )


def test_refusals_and_missing_records_in_the_api() -> None:
    assert _api(PermissionDenied()) == (
        403,
        {"error": "You do not have permission to perform this action.", "fields": {}},
    )
    assert _api(Http404()) == (404, {"error": "Not found.", "fields": {}})
    with translation.override("en"):  # its message is translated when it is made
        not_signed_in = NotAuthenticated()
    assert _api(not_signed_in)[1] == {
        "error": "Authentication credentials were not provided.",
        "fields": {},
    }


def test_anything_else_is_left_to_the_server_error_page() -> None:
    assert exception_handler(RuntimeError("boom"), {}) is None
