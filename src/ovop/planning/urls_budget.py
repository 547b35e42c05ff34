"""Pages of the planning app: the fiscal years, their sources and price lists."""

from django.urls import URLPattern, path

from ovop.planning import views_budget, views_prices, views_years

urlpatterns: list[URLPattern] = [
    path("", views_years.home, name="home"),
    path("years/new/", views_years.year_open, name="year_open"),
    path("<int:year>/", views_years.year_detail, name="year"),
    path("<int:year>/weights/", views_years.year_weights, name="year_weights"),
    path("<int:year>/sources/", views_budget.source_list_page, name="source_list"),
    path("<int:year>/sources/new/", views_budget.source_create, name="source_create"),
    path("sources/<int:pk>/edit/", views_budget.source_edit, name="source_edit"),
    path("sources/<int:pk>/archive/", views_budget.source_archive, name="source_archive"),
    path("sources/<int:pk>/restore/", views_budget.source_restore, name="source_restore"),
    path("sources/<int:pk>/history/", views_budget.source_history_page, name="source_history"),
    path("<int:year>/prices/", views_prices.price_list_page, name="price_list"),
    path("<int:year>/prices/new/", views_prices.price_create, name="price_create"),
    path("<int:year>/prices/import/", views_prices.price_import, name="price_import"),
    path("<int:year>/prices/export.csv", views_prices.price_export_csv, name="price_export"),
    path(
        "<int:year>/prices/export.xlsx",
        views_prices.price_export_xlsx,
        name="price_export_xlsx",
    ),
    path("prices/<int:pk>/edit/", views_prices.price_edit, name="price_edit"),
    path("prices/<int:pk>/archive/", views_prices.price_archive, name="price_archive"),
    path("prices/<int:pk>/restore/", views_prices.price_restore, name="price_restore"),
    path("prices/<int:pk>/history/", views_prices.price_history_page, name="price_history"),
]
