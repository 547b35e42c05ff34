from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "ovop.catalogue"
    verbose_name = _("Public catalogue")

    def ready(self) -> None:
        from ovop.catalogue import signals  # noqa: F401 - connects the receivers
