"""WSGI entry point."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scharnier.settings.production")
application = get_wsgi_application()
# Import every URL module (and the views, serializers and API schema they pull in) while the
# process starts, not in the first visitor's request (about 2 s on a quiet machine).
get_resolver().check()  # loads the URL modules, as `manage.py check` does
