from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from ovop.overview import views as overview_views

urlpatterns = [
    path("", overview_views.home, name="home"),
    path("healthz", overview_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("regions/", include("ovop.overview.urls_regions")),
    path("enterprises/", include("ovop.enterprises.urls")),
    path("programmes/", include("ovop.programme.urls")),
    path("selection/", include("ovop.selection.urls")),
    path("rating/", include("ovop.rating.urls")),
    path("verify/", include("ovop.rating.verify_urls")),
    path("api/v1/", include("ovop.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
