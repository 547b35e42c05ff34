"""The monitoring API under /api/v1/monitoring/: indicators and targets, survey rounds, their
respondents and values. Every route is named ``api-monitoring-<name>``."""

from django.urls import URLPattern, path

from ovop.monitoring import api_imports, api_indicators, api_rounds, api_values, api_values_bulk

P = "monitoring/"


def _path(route: str, view: type, name: str) -> URLPattern:
    return path(P + route, view.as_view(), name=f"api-monitoring-{name}")  # type: ignore[attr-defined]


urlpatterns: list[URLPattern] = [
    _path("indicators/", api_indicators.IndicatorList, "indicator-list"),
    _path("indicators/<int:pk>/", api_indicators.IndicatorDetail, "indicator-detail"),
    _path("indicators/<int:pk>/archive/", api_indicators.IndicatorArchive, "indicator-archive"),
    _path("indicators/<int:pk>/restore/", api_indicators.IndicatorRestore, "indicator-restore"),
    _path("indicators/<int:pk>/targets/", api_indicators.IndicatorTargets, "indicator-targets"),
    _path("targets/<int:pk>/", api_indicators.TargetDetail, "target-detail"),
    _path("rounds/", api_rounds.RoundList, "round-list"),
    _path("rounds/<int:pk>/", api_rounds.RoundDetail, "round-detail"),
    _path("rounds/<int:pk>/participants/", api_rounds.RoundParticipants, "round-participants"),
    _path("rounds/<int:pk>/lock/", api_rounds.RoundLock, "round-lock"),
    _path("rounds/<int:pk>/reopen/", api_rounds.RoundReopen, "round-reopen"),
    _path("rounds/<int:pk>/respondents/", api_values.RespondentList, "round-respondents"),
    _path("rounds/<int:pk>/values/", api_values_bulk.RoundValues, "round-values"),
    _path("respondents/<int:pk>/values/", api_values.RespondentValues, "respondent-values"),
    _path("respondents/<int:pk>/review/", api_values.RespondentReview, "respondent-review"),
    _path("rounds/<int:pk>/imports/", api_imports.RoundImportCreate, "round-imports"),
    _path("registry-imports/", api_imports.RegistryImportCreate, "registry-imports"),
    _path("imports/<int:pk>/", api_imports.ImportDetail, "import-detail"),
    _path("imports/<int:pk>/confirm/", api_imports.ImportConfirm, "import-confirm"),
    _path("imports/<int:pk>/cancel/", api_imports.ImportCancel, "import-cancel"),
]
