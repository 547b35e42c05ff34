"""Who reaches the admin site and the API's schema and docs."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from ovop.accounts.models import Role, User
from tests.factories import UserFactory

NOT_ADMIN_ROLES = [Role.OFFICER, Role.ASSESSOR, Role.FACILITATOR, Role.OWNER, Role.VIEWER]


def _user(role: Role, *, staff: bool, superuser: bool = False) -> User:
    user: User = UserFactory(
        username=f"{role}-{staff}-{superuser}", role=role, is_staff=staff, is_superuser=superuser
    )
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ADMIN_ROLES)
@pytest.mark.parametrize("staff", [False, True])
def test_only_administrators_reach_the_admin_site(client: Client, role: Role, staff: bool) -> None:
    """Even with the staff flag, an officer, assessor, facilitator, owner or viewer is sent to
    the admin log-in page and sees no admin page."""
    client.force_login(_user(role, staff=staff))
    for url in ["/admin/", "/admin/accounts/user/", "/admin/regions/region/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url


@pytest.mark.django_db
def test_the_admin_log_in_page_does_not_let_a_staff_officer_through(client: Client) -> None:
    client.force_login(_user(Role.OFFICER, staff=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/admin/login/")
    assert page.status_code == 200
    assert "not authorized to access this page" in page.content.decode()


@pytest.mark.django_db
def test_an_administrator_and_a_superuser_reach_the_admin_site(client: Client) -> None:
    for user in [
        _user(Role.ADMIN, staff=True),
        _user(Role.VIEWER, staff=True, superuser=True),
    ]:
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/accounts/user/").status_code in {200, 403}


@pytest.mark.django_db
def test_an_administrator_without_the_staff_flag_is_refused(client: Client) -> None:
    client.force_login(_user(Role.ADMIN, staff=False))
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_the_api_schema_and_docs_need_a_signed_in_user(client: Client) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 403
    assert b"openapi" not in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"] == "/accounts/login/?next=/api/docs/"
    script = client.get("/api/docs/?script=")
    assert script.status_code == 302


@pytest.mark.django_db
def test_a_signed_in_user_reads_the_schema_and_docs(client: Client) -> None:
    client.force_login(_user(Role.VIEWER, staff=False))
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    # The Swagger UI's start-up script is a separate request, not inline (CSP).
    assert '<script src="/api/docs/?script="></script>' in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content
