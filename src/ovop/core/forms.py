"""Form helpers every app shares.

- Showing a service's refusal on a page: on a form, or as messages after a POST-only action.
  A service refuses with a ``ValidationError`` whose messages name what they are about
  ("Year: …"). ``add_service_errors`` and ``run_and_redirect`` are the only places a page
  turns one into what the user sees.
- ``CleanTextMixin``: every form's free text without bidi controls, and bounded.
- ``ConfirmForm`` and ``confirm_page``: the one way an irreversible step is confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import pretty_name
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.core.text import (
    LINE_MAX_LENGTH,
    LONG_REASON_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    clean_value,
    has_bidi_controls,
)

T = TypeVar("T")

#: A message that already says what it is about: "Finalise: every item needs an answer".
_LABELLED = re.compile(r"^[^:\n]{1,60}: ")


class DatePicker(forms.DateInput):
    """The browser's (phone's) date picker. It sends 2027-01-12; a browser without one shows a
    text box, where 12/01/2027 is read by the language's date formats."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _same(key: str) -> str:
    return key


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, field_for: Callable[[str], str] = _same
) -> None:
    """Show a service's ValidationError on ``form``: next to the field it names, or at the
    top, prefixed with the key when the form has no such field and the message does not
    already start with a label of its own ("Year: …").

    ``field_for`` maps the service's key to the form's field name where the two differ (a
    rating answer ``answers.<item>`` is shown on the field ``item_<item>``).
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages_ in error.message_dict.items():
        field = field_for(key)
        target = field if field in form.fields else None
        for message in messages_:
            if (
                target is None
                and key != NON_FIELD_ERRORS
                and not message.startswith(key.capitalize())
                and not _LABELLED.match(message)
            ):
                message = f"{key}: {message}"
            form.add_error(target, message)


def run_and_redirect(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    to: Any,
    refused_to: Any = None,
) -> HttpResponse:
    """Run a POST-only ``action`` (a service call); flash ``done`` (or ``done(result)``) when
    it succeeds, or each message of its ValidationError when it is refused; then redirect to
    ``to`` (anything ``redirect`` takes, or ``to(result)`` when callable) — after a refusal
    to ``refused_to`` when given, else to ``to``.
    """
    try:
        result = action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(refused_to if refused_to is not None else to)
    messages.success(request, done(result) if callable(done) else done)
    return redirect(to(result) if callable(to) else to)


# --- free text: without bidi controls, and bounded ---------------------------------------------


def _label(name: str, field: forms.Field) -> str:
    return str(capfirst(field.label)) if field.label else pretty_name(name)


def too_long_message(label: str, limit: int) -> str:
    """ "Reason: at most 100 characters (it has %(show_value)d)." — the field named, the
    length found left for the validator to fill in."""
    return _("%(label)s: at most %(limit)s characters (it has %%(show_value)d).") % {
        "label": label.replace("%", "%%"),
        "limit": limit,
    }


def default_max_length(name: str, multiline: bool) -> int:
    """The bound of a text field that declares none: a reason 1,000 characters, other
    multi-line text 5,000, a line 1,000."""
    if "reason" in name:
        return LONG_REASON_MAX_LENGTH
    return TEXT_MAX_LENGTH if multiline else LINE_MAX_LENGTH


def _bound(name: str, field: forms.CharField) -> None:
    """Give ``field`` its bound, if it has none, and a length check whose message names it."""
    if field.max_length is None:
        field.max_length = default_max_length(name, isinstance(field.widget, forms.Textarea))
        field.widget.attrs.update(field.widget_attrs(field.widget))
    limit = int(field.max_length)
    message = too_long_message(_label(name, field), limit)
    kept = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators = [*kept, MaxLengthValidator(limit, message=message)]


#: The empty choice of every drop-down, instead of Django's "---------".
EMPTY_CHOICE = gettext_lazy("— choose —")


def office_conventions(form: Any) -> None:
    """What every ovop form shows the same way: required fields carry the class ``required``
    on their label (ovop.css marks them), and a drop-down's empty choice reads "— choose —"."""
    form.required_css_class = "required"
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None:
                field.empty_label = EMPTY_CHOICE
        elif isinstance(field, forms.ChoiceField):
            choices: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
            if choices and choices[0] == ("", "---------"):
                field.choices = [("", EMPTY_CHOICE), *choices[1:]]


class CleanTextMixin:
    """Put first among the bases of every form (``class F(CleanTextMixin, forms.Form)``):
    each text field's value loses its bidi control characters (``ovop.core.text``) before any
    validation, and a text field that declares no ``max_length`` gets one
    (:func:`default_max_length`); a value too long is refused with a message naming the
    field. Password fields (``strip=False``) are left as typed."""

    fields: dict[str, forms.Field]
    data: Any
    is_bound: bool
    add_prefix: Callable[[str], str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and field.strip:
                _bound(name, field)
        office_conventions(self)

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = self._without_bidi_controls()
        super().full_clean()  # type: ignore[misc]

    def _without_bidi_controls(self) -> Any:
        keys = [
            self.add_prefix(name)
            for name, field in self.fields.items()
            if isinstance(field, forms.CharField) and field.strip
        ]
        dirty = [key for key in keys if any(has_bidi_controls(v) for v in _values(self.data, key))]
        if not dirty:
            return self.data
        data = self.data.copy()
        for key in dirty:
            if isinstance(data, QueryDict):
                data.setlist(key, [clean_value(v) for v in data.getlist(key)])
            else:
                data[key] = clean_value(data[key])
        return data


def _values(data: Any, key: str) -> list[str]:
    values = data.getlist(key) if isinstance(data, QueryDict) else [data.get(key)]
    return [value for value in values if isinstance(value, str)]


# --- confirming an irreversible step ----------------------------------------------------------


class ConfirmForm(CleanTextMixin, forms.Form):
    """The second step of an irreversible action: the POST that does it carries ``confirm=1``
    and, where the step is recorded in history, a reason (kept as the history row's change
    reason, so at most ``REASON_MAX_LENGTH`` characters).

    Built from a POST without ``confirm`` it is unbound: the confirmation is shown without
    errors, and :meth:`confirmed` is False, so that the caller does nothing.
    """

    confirm = forms.BooleanField(widget=forms.HiddenInput, required=True)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the record's history."),
    )

    def __init__(self, data: Any = None, *, reason: bool = True, **kwargs: Any) -> None:
        confirming = data is not None and "confirm" in data
        super().__init__(data if confirming else None, initial={"confirm": True}, **kwargs)
        if not reason:
            del self.fields["reason"]

    def confirmed(self) -> bool:
        return self.is_bound and self.is_valid()

    def given_reason(self) -> str:
        """The reason given (after :meth:`confirmed`); "" when none was asked for."""
        return str(self.cleaned_data.get("reason", "")) if self.is_bound else ""


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation page says: ``title`` (also the button's text unless ``button``),
    ``what`` happens, that it cannot be undone (or ``warning``), and where "Cancel" goes."""

    title: str
    what: str
    cancel: str
    button: str = ""
    #: (address, text) crumbs between Home and the title.
    crumbs: Sequence[tuple[str, str]] = ()
    #: Other POST values the confirming POST carries again, such as a form's fields.
    hidden: Sequence[tuple[str, str]] = ()
    #: Shown in bold after ``what``; "This cannot be undone." when empty.
    warning: str = ""


def confirm_page(
    request: HttpRequest, form: ConfirmForm, confirmation: Confirmation, status: int = 200
) -> HttpResponse:
    """The page that asks to confirm ``confirmation``; its form POSTs to the same address."""
    context = {"form": form, "c": confirmation, "button": confirmation.button or confirmation.title}
    return render(request, "core/confirm.html", context, status=status)


def hidden_values(data: QueryDict, names: Sequence[str]) -> list[tuple[str, str]]:
    """(name, value) of each of ``names`` in ``data``, to carry through a confirmation."""
    return [(name, value) for name in names for value in data.getlist(name)]


def ask_to_confirm(
    request: HttpRequest, confirmation: Confirmation, *, reason: bool = True
) -> tuple[str, HttpResponse | None]:
    """(reason, None) when ``request`` confirms the step (with a reason, if ``reason``);
    otherwise ("", the confirmation page), and the caller returns the page, doing nothing."""
    form = ConfirmForm(request.POST if request.method == "POST" else None, reason=reason)
    if form.confirmed():
        return form.given_reason(), None
    return "", confirm_page(request, form, confirmation)


def archive_warning() -> str:
    """The warning of every archive confirmation: archiving can be reversed, not erased."""
    return _("It can be restored later; the archiving and its reason stay in the history.")
