"""WSGI entry point for gunicorn: `gunicorn ovop.wsgi` (with `--preload`, the frozen start
objects are shared by the workers' pages as well)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop.settings")
application = get_wsgi_application()

from ovop.core.process import settle  # noqa: E402 -- needs the settings loaded above

settle()
