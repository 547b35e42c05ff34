from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ovop.monitoring"
    verbose_name = _("Indicators and survey rounds")

    def ready(self) -> None:
        from ovop.monitoring import tallies

        tallies.connect()
