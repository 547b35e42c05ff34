"""The API's one error shape, for flat and nested serializer errors."""

from __future__ import annotations

from django.utils import translation
from rest_framework.exceptions import NotFound, ValidationError

from ovop.core.api import exception_handler


def _shape(exc: Exception) -> object:
    with translation.override("en"):
        response = exception_handler(exc, {})
    assert response is not None
    return response.data


def test_detail_becomes_the_error() -> None:
    assert _shape(NotFound("No such round.")) == {"error": "No such round.", "fields": {}}


def test_field_errors_keep_their_field() -> None:
    data = _shape(ValidationError({"year": ["Too early."], "non_field_errors": ["Bad."]}))
    assert data == {"error": "Bad.", "fields": {"year": ["Too early."]}}


def test_nested_errors_are_flattened_to_paths() -> None:
    nested = {"scores": [{}, {"value": ["A valid number is required."]}], "answers": {"a1": "x"}}
    data = _shape(ValidationError(nested))
    assert data == {
        "error": "Invalid input.",
        "fields": {
            "scores[1].value": ["A valid number is required."],
            "answers.a1": ["x"],
        },
    }


def test_a_list_of_messages_becomes_the_error() -> None:
    assert _shape(ValidationError(["One.", "Two."])) == {"error": "One. Two.", "fields": {}}


def test_the_general_message_is_in_the_users_language() -> None:
    with translation.override("id"):
        response = exception_handler(ValidationError({"a": {"b": ["c"]}}), {})
    assert response is not None
    assert response.data == {"error": "Masukan tidak valid.", "fields": {"a.b": ["c"]}}
