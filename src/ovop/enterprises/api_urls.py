"""/api/v1/enterprises/ (read, and POST to register one) and /api/v1/products/ (read-only)."""

from django.urls import URLPattern, URLResolver, path

from ovop.enterprises import api, api_write

urlpatterns: list[URLPattern | URLResolver] = [
    path("enterprises/", api_write.EnterpriseListCreate.as_view(), name="api-enterprise-list"),
    path("enterprises/<int:pk>/", api.EnterpriseDetail.as_view(), name="api-enterprise-detail"),
    path("products/", api.ProductList.as_view(), name="api-product-list"),
    path("products/<int:pk>/", api.ProductDetail.as_view(), name="api-product-detail"),
]
