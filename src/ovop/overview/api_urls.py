from django.urls import path

from ovop.overview import api

urlpatterns = [
    path("dashboard/programmes/<int:pk>/", api.DashboardView.as_view(), name="api-dashboard"),
    path("dashboard/national/", api.NationalDashboardView.as_view(), name="api-dashboard-national"),
]
