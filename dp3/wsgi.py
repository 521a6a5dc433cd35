import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dp3.settings.production")
application = get_wsgi_application()
# The URLconf (every view and, with it, the admin modules: dp3/apps.py) is imported when the web process
# starts, not by the first request it serves.
get_resolver().url_patterns  # noqa: B018
