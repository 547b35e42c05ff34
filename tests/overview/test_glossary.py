"""Method terms are explained where they appear and on a glossary page (issue 9)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from ovop.accounts.models import User
from ovop.core.glossary import TERMS
from tests.conftest import login


@pytest.mark.django_db
def test_the_glossary_explains_every_term_in_both_languages(client: Client, assessor: User) -> None:
    login(client, assessor)
    indonesian = client.get("/glossary/").content.decode()
    assert '<dt id="closeness">Kedekatan relatif</dt>' in indonesian
    assert "D− dibagi (D+ + D−)" in indonesian
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/glossary/").content.decode()
    for term in TERMS:
        assert f'<dt id="{term.slug}">' in english
    assert "D− divided by (D+ + D−)" in english


@pytest.mark.django_db
def test_the_glossary_needs_a_sign_in(client: Client) -> None:
    assert client.get("/glossary/").status_code == 302
