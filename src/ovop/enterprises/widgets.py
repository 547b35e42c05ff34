"""The village filter's select: each village option names its kecamatan (``data-kecamatan``),
so that ``ovop/village_filter.js`` can hide the villages of other kecamatan as soon as a
kecamatan is chosen, before the page asks the server (which narrows the choices itself)."""

from __future__ import annotations

from typing import Any

from django import forms

from ovop.regions.models import Level, Region


class VillageSelect(forms.Select):
    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        # the value of a model choice carries its record (not in django-stubs' type)
        village = getattr(option["value"], "instance", None)
        if isinstance(village, Region) and village.parent is not None:
            option["attrs"]["data-kecamatan"] = village.parent.code
        return option


def narrow_villages(
    form: forms.Form, *, kecamatan: str = "kecamatan", village: str = "village"
) -> None:
    """Offer (and accept) only the villages of the kecamatan the bound ``form`` chose, and let
    the browser narrow them too (``data-narrows`` names the village select)."""
    form.fields[kecamatan].widget.attrs["data-narrows"] = form[village].auto_id
    code = form.data.get(form.add_prefix(kecamatan)) if form.is_bound else None
    if code:
        field = form.fields[village]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = field.queryset.filter(  # type: ignore[union-attr]
            parent__code=code, parent__level=Level.KECAMATAN
        )
