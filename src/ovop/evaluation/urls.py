"""Pages of the evaluation."""

from django.urls import URLPattern, path

from ovop.evaluation import views, views_measured, views_report

app_name = "evaluation"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("programmes/<int:pk>/", views.programme_page, name="programme"),
    path("programmes/<int:pk>/indicators/<slug:code>/", views.indicator_page, name="indicator"),
    path("indicators/<slug:code>/", views.pooled_page, name="pooled"),
    path("programmes/<int:pk>/settings/", views.settings_page, name="settings"),
    path("programmes/<int:pk>/efficiency/", views.efficiency_page, name="efficiency"),
    path("programmes/<int:pk>/report.pdf", views_report.report_pdf_file, name="report_pdf"),
    path("programmes/<int:pk>/report.xlsx", views_report.report_xlsx_file, name="report_xlsx"),
    path("programmes/<int:pk>/report/", views_report.report_start, name="report_start"),
    path("reports/<int:pk>/", views_report.report_job, name="report_job"),
    path(
        "reports/<int:pk>/progress/", views_report.report_job_progress, name="report_job_progress"
    ),
    path("reports/<int:pk>/file/", views_report.report_job_file, name="report_job_file"),
    path(
        "programmes/<int:pk>/efficiency/adopt/",
        views_measured.efficiency_adopt,
        name="efficiency_adopt",
    ),
]
