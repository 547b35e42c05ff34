from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "ovop.enterprises"
    verbose_name = _("Enterprises and products")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from ovop.enterprises import tallies

        tallies.connect()
        post_migrate.connect(_counts_made, sender=self, dispatch_uid="registry-tallies-made")


def _counts_made(sender: object, **kwargs: object) -> None:
    """A database migrated to the registry tallies with a registry already in it gets its
    counts at once (afterwards every write keeps them)."""
    from ovop.enterprises import tallies
    from ovop.enterprises.models import Enterprise
    from ovop.enterprises.models_tallies import RegistryTally

    if not RegistryTally.objects.exists() and Enterprise.objects.exists():
        tallies.rebuild()
