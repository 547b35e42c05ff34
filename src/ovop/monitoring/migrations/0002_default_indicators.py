from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from ovop.monitoring.defaults import indicators_install

    indicators_install(apps.get_model("monitoring", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
