"""Free text: bidi controls removed on every path in, and every text field bounded."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from rest_framework import serializers

import ovop
from ovop.accounts.models import User
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.core.forms import CleanTextMixin
from ovop.core.history import save_with_history
from ovop.core.text import BIDI_CONTROLS, clean_text
from ovop.enterprises.models import Enterprise

pytestmark = pytest.mark.usefixtures("english")

SPOOF = "gnp\u202e.exe"  # reads "exe.png" wherever it is shown


def test_clean_text_removes_every_bidi_control_and_nothing_else() -> None:
    assert len(BIDI_CONTROLS) == 12
    for char in BIDI_CONTROLS:
        assert clean_text(f"a{char}b") == "ab"
    assert clean_text(SPOOF) == "gnp.exe"
    kept = "Getas Tenggiri — Bu Sari\nbaris dua\t☕ ٣"
    assert clean_text(kept) == kept
    assert clean_text("\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d") == ""


class _Form(CleanTextMixin, forms.Form):
    name = forms.CharField(label="Business name", max_length=20)
    story = forms.CharField(required=False, widget=forms.Textarea)
    reason = forms.CharField(required=False, widget=forms.Textarea)
    search = forms.CharField(required=False)
    password = forms.CharField(required=False, strip=False)


def test_the_form_mixin_cleans_before_validating_and_keeps_passwords() -> None:
    data = QueryDict(mutable=True)
    data.update({"name": SPOOF, "story": "line\u202e one\nline two", "password": SPOOF})
    form = _Form(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "gnp.exe"
    assert form.cleaned_data["story"] == "line one\nline two"
    assert form.cleaned_data["password"] == SPOOF  # typed as it is: no bidi cleaning
    # a value of only bidi controls is empty: "required" refuses it
    assert _Form({"name": "\u202e\u202d"}).errors == {"name": ["This field is required."]}


def test_the_form_mixin_bounds_every_text_field_and_names_it_when_too_long() -> None:
    form = _Form()
    limits = {name: getattr(form.fields[name], "max_length", None) for name in form.fields}
    assert limits == {
        "name": 20,
        "story": 5000,
        "reason": 1000,
        "search": 1000,
        "password": None,
    }
    assert 'maxlength="5000"' in str(form["story"])
    big = _Form({"name": "x" * 21, "story": "y" * 1_000_000, "reason": "z" * 1001})
    assert big.errors == {
        "name": ["Business name: at most 20 characters (it has 21)."],
        "story": ["Story: at most 5000 characters (it has 1000000)."],
        "reason": ["Reason: at most 1000 characters (it has 1001)."],
    }


def _subclasses(base: type) -> set[type]:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(ovop.__path__, "ovop."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)


def test_every_form_and_input_serializer_of_the_project_cleans_its_text() -> None:
    """The rule is applied in one place per layer: each form of ovop derives from
    CleanTextMixin, and each input serializer (a plain Serializer: the ModelSerializers are
    the API's output) with a writable text field from the serializer one."""
    _import_every_module()
    forms_without = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith("ovop.") and not issubclass(cls, CleanTextMixin)
    ]
    assert forms_without == []
    serializers_without = []
    for cls in _subclasses(serializers.Serializer):
        if not cls.__module__.startswith("ovop.") or issubclass(
            cls, CleanTextSerializerMixin | serializers.ModelSerializer
        ):
            continue
        declared: dict[str, Any] = getattr(cls, "_declared_fields", {})
        if any(isinstance(f, serializers.CharField) and not f.read_only for f in declared.values()):
            serializers_without.append(f"{cls.__module__}.{cls.__qualname__}")
    assert serializers_without == []


class _In(CleanTextSerializerMixin, serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(max_length=20)
    note = serializers.CharField(required=False)


def test_the_serializer_mixin_cleans_and_bounds() -> None:
    data = _In(data={"name": SPOOF, "note": "a\u2066b"})
    assert data.is_valid(), data.errors
    assert data.validated_data == {"name": "gnp.exe", "note": "ab"}
    big = _In(data={"name": "x" * 21, "note": "y" * 1_000_000})
    assert not big.is_valid()
    assert big.errors == {
        "name": ["Name: at most 20 characters (it has 21)."],
        "note": ["Note: at most 5000 characters (it has 1000000)."],
    }


def test_save_with_history_is_the_last_guard(enterprise_x: Enterprise, officer: User) -> None:
    enterprise_x.name = f"Getas {SPOOF}"
    enterprise_x.owner_name = "Bu\u200f Sari"
    save_with_history(enterprise_x, user=officer, reason="edited")
    stored = Enterprise.objects.get(pk=enterprise_x.pk)
    assert (stored.name, stored.owner_name) == ("Getas gnp.exe", "Bu Sari")
    assert stored.history.latest().name == "Getas gnp.exe"


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_each_control_is_removed_by_the_form(char: str) -> None:
    form = _Form({"name": f"a{char}b"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "ab"
