"""WSGI entry point for gunicorn: `gunicorn ovop.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop.settings")
application = get_wsgi_application()
