"""Every form marks its required fields and offers "— choose —" as the empty choice (issue 9)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.regions.models import Region
from tests.conftest import login


@pytest.mark.django_db
def test_the_ikm_form_marks_required_fields_and_names_the_empty_choice(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("enterprises:create")).content.decode()
    assert '<label for="id_name" class="required">' in page
    assert '<label for="id_phone">' in page  # optional: no mark
    assert '<option value="" selected>— choose —</option>' in page
    assert "---------" not in page


@pytest.mark.django_db
def test_the_empty_choice_is_indonesian_by_default(
    client: Client, officer: User, village_a: Region
) -> None:
    page = login(client, officer).get(reverse("enterprises:create")).content.decode()
    assert '<option value="" selected>— pilih —</option>' in page
