import os

from django.core.wsgi import get_wsgi_application

from cori.heap import startup_freeze

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cori.settings")
application = get_wsgi_application()
# Each web process freezes its start-up heap: the collector stops walking it (cori.heap).
startup_freeze()
