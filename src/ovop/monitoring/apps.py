from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ovop.monitoring"
    verbose_name = _("Indicators and survey rounds")

    def shipped_rows(self) -> dict[str, frozenset[str]]:
        """The rows migration 0002 ships, by table: their codes (``ovop.core.backup`` does not
        count them as data of the installation)."""
        from ovop.monitoring.defaults import INDICATORS

        return {"monitoring_indicator": frozenset(i["code"] for i in INDICATORS)}

    def ready(self) -> None:
        from ovop.monitoring import tallies

        tallies.connect()
