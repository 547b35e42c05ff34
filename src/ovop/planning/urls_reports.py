"""Pages of the planning app: the realisation report and the downloads of it and of the plan."""

from django.urls import URLPattern, path

from ovop.planning import views_reports

urlpatterns: list[URLPattern] = [
    path("<int:year>/realisation/", views_reports.realisation, name="realisation"),
    path("<int:year>/realisation.xlsx", views_reports.realisation_xlsx, name="realisation_xlsx"),
    path("<int:year>/realisation.pdf", views_reports.realisation_pdf_file, name="realisation_pdf"),
    path("<int:year>/plan.xlsx", views_reports.plan_xlsx, name="plan_xlsx"),
    path("<int:year>/plan.pdf", views_reports.plan_pdf_file, name="plan_pdf"),
]
