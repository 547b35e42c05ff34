from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ovop.accounts import views as language_views
from ovop.catalogue.sitemaps import SITEMAPS
from ovop.core.logo_views import regency_logo_view
from ovop.overview import views as overview_views

urlpatterns = [
    path("", overview_views.home, name="home"),
    path("healthz", overview_views.healthz, name="healthz"),
    path(
        "dashboard/<int:pk>/headlines/",
        overview_views.dashboard_headlines,
        name="dashboard_headlines",
    ),
    path("regency-logo", regency_logo_view, name="regency_logo"),
    path("glossary/", overview_views.glossary, name="glossary"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", language_views.language_set, name="set_language"),
    path("regions/", include("ovop.overview.urls_regions")),
    path("enterprises/", include("ovop.enterprises.urls")),
    path("programmes/", include("ovop.programme.urls")),
    path("selection/", include("ovop.selection.urls")),
    path("rating/", include("ovop.rating.urls")),
    path("empowerment/", include("ovop.empowerment.urls")),
    path("planning/", include("ovop.planning.urls")),
    path("monitoring/", include("ovop.monitoring.urls")),
    path("evaluation/", include("ovop.evaluation.urls")),
    path("verify/", include("ovop.rating.verify_urls")),
    path("catalogue/", include("ovop.catalogue.urls")),
    path("", include("ovop.catalogue.urls_public")),
    path(
        "sitemap.xml",
        login_not_required(require_safe(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("files/", include("ovop.files_urls")),
    path("api/v1/", include("ovop.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script as a separate request (no inline script, for the
    # Content-Security-Policy); a person who is not signed in is sent to the log-in page.
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "ovop.core.error_views.bad_request"
handler403 = "ovop.core.error_views.permission_denied"
handler404 = "ovop.core.error_views.page_not_found"
handler500 = "ovop.core.error_views.server_error"
