"""What the enterprise, product and certification pages share.

The pages themselves live in views_enterprise.py, views_product.py and views_certification.py;
who is asking, paging and a service's refusals are ``ovop.core``'s (requests, pagination,
forms).
"""

from __future__ import annotations

from typing import Any

from django import forms

#: How many of the latest changes a detail page shows (the history page shows them all).
RECENT_CHANGES = 3


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """The cleaned values of the fields this form shows (and so may change)."""
    return {name: form.cleaned_data[name] for name in form.fields if name in form.cleaned_data}
