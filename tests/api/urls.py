"""The site's URLs with the open data mounted where ``dp3/urls.py`` mounts it (for tests and screenshots)."""

from django.urls import include, path

from dp3.urls import *  # noqa: F403 - the handlers too
from dp3.urls import urlpatterns as site_urlpatterns

urlpatterns = [*site_urlpatterns, path("api/v1/terbuka/", include("api.open_data.urls"))]
