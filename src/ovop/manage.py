"""The `ovop` command: Django's manage.py for `ovop.settings`, plus ovop's own commands.

ovop's commands are written with hyphens on the command line (`ovop load-regions 19.04`);
they are Django commands whose module names use underscores.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop.settings")
    if len(args) > 1 and "-" in args[1] and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings, which check every variable
    except ImproperlyConfigured as error:
        # A missing or bad environment variable: one line that names it, not a traceback.
        print(f"ovop: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
