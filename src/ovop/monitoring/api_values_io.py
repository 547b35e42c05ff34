"""What the monitoring API reads and answers for a respondent's values.

Answers are keyed by question name (``omzet``, ``tenaga_kerja__female``). In, each answer is a
JSON number, text typed as on the web form ("Rp 1.500.000", "1,5 juta", "ya", an option's code
or label), true/false for a yes/no question, or null/"" for no answer; every one is read by the
same readers as the web form, spreadsheets and field forms (``answers.read_answer``). Out, a
number is a JSON number, a yes/no answer true/false, an option its code, and a question not
answered null.

``answers_checked`` refuses what no reader can take — a name the round does not ask, more
answers than questions, a list or an object as an answer, a NUL character — with the name of
the question as the key of each message, exactly as the service names what it refuses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.core.api_text import CleanTextSerializerMixin
from ovop.core.text import clean_text
from ovop.monitoring.answers import Question
from ovop.monitoring.api_common import number_out
from ovop.monitoring.api_rounds_io import RespondentOut
from ovop.monitoring.choices import MAX_ROUND_INDICATORS, ValueType
from ovop.monitoring.models import Respondent, Value
from ovop.monitoring.services_entry import MAX_COMMENT, answers_read

#: Most answers one request may hold for one respondent: every question of the largest round
#: (an indicator asked as its women's, men's and youth parts is three questions).
MAX_ANSWERS = MAX_ROUND_INDICATORS * 3
#: Longest answer typed as text (the web form's bound; the service names a longer one).
MAX_ANSWER_TEXT = 100
#: Longest question name shown back in a message about a name the round does not ask.
NAME_SHOWN = 60

ANSWER_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "maxLength": MAX_ANSWER_TEXT},
        {"type": "boolean"},
    ],
    "nullable": True,
}
ANSWERS_SCHEMA = {
    "type": "object",
    "maxProperties": MAX_ANSWERS,
    "additionalProperties": ANSWER_SCHEMA,
    "example": {"omzet": "Rp 1.500.000", "tenaga_kerja__female": 3, "jual_daring": "ya"},
}


@extend_schema_field(ANSWERS_SCHEMA)
class AnswersField(serializers.Field):  # type: ignore[type-arg]
    """Question name → answer; each answer is read against the round's questions later."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                _("Answers: give an object of question names and answers.")
            )
        if len(data) > MAX_ANSWERS:
            raise serializers.ValidationError(
                _("Answers: at most %(n)s in one entry.") % {"n": MAX_ANSWERS}
            )
        return data

    def to_representation(self, value: Any) -> Any:
        return value


class ValuesIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """One respondent's answers by question name, saved as a draft or submitted."""

    answers = AnswersField()
    submit = serializers.BooleanField(
        default=False,
        help_text="true submits the entry for review (every question answered); "
        "false keeps it a draft.",
    )


class ValuesOut(serializers.Serializer[Any]):
    """A respondent's entry: its state, and every question's answer (null: none)."""

    respondent = RespondentOut()
    answers = serializers.SerializerMethodField()

    @extend_schema_field(ANSWERS_SCHEMA)
    def get_answers(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return dict(data["answers"])


class WrittenOut(serializers.Serializer[Any]):
    """What a save did: values created, changed, left as they were, removed (answered blank)."""

    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    removed = serializers.IntegerField()


class ValuesSavedOut(ValuesOut):
    written = WrittenOut()


class ReviewIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """The review of a submitted entry."""

    decision = serializers.ChoiceField(
        choices=[("approve", "approve"), ("return", "return")],
        help_text="approve the submitted entry, or return it for correction (with a comment).",
    )
    comment = serializers.CharField(
        max_length=MAX_COMMENT, allow_blank=True, default="", help_text="What to correct."
    )


# --- reading and writing answers --------------------------------------------------------------


def _stored(respondent: Respondent) -> dict[tuple[int, str], Value]:
    return {(v.indicator_id, v.breakdown): v for v in respondent.values.all()}


def answers_out(respondent: Respondent, questions: Sequence[Question]) -> dict[str, Any]:
    """Every question's stored answer as JSON writes it (null: not answered)."""
    stored = _stored(respondent)
    out: dict[str, Any] = {}
    for question in questions:
        value = stored.get(question.key)
        if value is None:
            out[question.name] = None
        elif question.indicator.value_type == ValueType.CHOICE:
            out[question.name] = value.choice or None
        elif question.indicator.value_type == ValueType.BOOLEAN:
            out[question.name] = None if value.number is None else bool(value.number)
        else:
            out[question.name] = number_out(value.number)
    return out


def _as_typed(question: Question, value: Value) -> Any:
    """A stored value as the readers take it back (a whole number as an int: a negative
    rupiah amount is read from an int, not from a Decimal)."""
    if question.indicator.value_type == ValueType.CHOICE:
        return value.choice
    number = value.number
    if number is None:
        return None
    if question.indicator.value_type == ValueType.BOOLEAN:
        return bool(number)
    return int(number) if number == number.to_integral_value() else Decimal(number)


def answers_stored(respondent: Respondent, questions: Sequence[Question]) -> dict[str, Any]:
    """The respondent's stored answers keyed by question name, for a PATCH to keep."""
    stored = _stored(respondent)
    return {q.name: _as_typed(q, stored[q.key]) for q in questions if q.key in stored}


def _answer_error(question: Question, value: Any) -> str | None:
    if value is None or isinstance(value, bool | int | float):
        return None
    if not isinstance(value, str):
        return _("%(field)s: give a number, yes/no or text, not a list or an object.") % {
            "field": question.label
        }
    if "\x00" in value:
        return _("No value may contain a NUL character (U+0000).")
    return None


def answers_checked(
    questions: Sequence[Question], answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The answers a reader may take (text without bidi controls), and a message for each
    one refused, keyed by its name."""
    if len(answers) > len(questions):
        message = _("Answers: this round asks %(n)s questions; %(given)s answers were sent.")
        return {}, {"answers": [message % {"n": len(questions), "given": len(answers)}]}
    by_name = {q.name: q for q in questions}
    raw: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in answers.items():
        question = by_name.get(name)
        if question is None:
            shown = clean_text(name)[:NAME_SHOWN]
            errors[shown] = [_("%(name)s: this round asks no such question.") % {"name": shown}]
            continue
        problem = _answer_error(question, value)
        if problem is not None:
            errors[name] = [problem]
        else:
            raw[name] = clean_text(value) if isinstance(value, str) else value
    return raw, errors


def answers_errors(
    questions: Sequence[Question], raw: Mapping[str, Any], *, complete: bool
) -> dict[str, list[str]]:
    """Every message the service would give for ``raw``, by question name ({}: none)."""
    try:
        answers_read(list(questions), raw, complete=complete)
    except ValidationError as error:
        return dict(error.message_dict)
    return {}


def check_all(
    questions: Sequence[Question],
    raw: Mapping[str, Any],
    refused: dict[str, list[str]],
    *,
    complete: bool,
) -> dict[str, list[str]]:
    """``refused`` with the reader's messages for the other questions added."""
    found = answers_errors(questions, raw, complete=complete)
    return {**refused, **{k: v for k, v in found.items() if k not in refused}}
