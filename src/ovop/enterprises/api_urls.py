"""/api/v1/enterprises/ and /api/v1/products/ (read-only)."""

from django.urls import URLPattern, URLResolver, path

from ovop.enterprises import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("enterprises/", api.EnterpriseList.as_view(), name="api-enterprise-list"),
    path("enterprises/<int:pk>/", api.EnterpriseDetail.as_view(), name="api-enterprise-detail"),
    path("products/", api.ProductList.as_view(), name="api-product-list"),
    path("products/<int:pk>/", api.ProductDetail.as_view(), name="api-product-detail"),
]
