"""Django's admin with its modules loaded when they are first needed, not by every process at start-up.

``django.contrib.admin``'s own ``AdminConfig`` imports every app's ``admin`` module in ``ready()``, and with
them django-import-export's admin (which loads openpyxl and numpy for its list of file formats) and the
services the admin pages call: about 0.6 s of every ``manage.py`` command and every Celery worker, which
never show an admin page. Here the admin modules are imported by the URLconf (``dp3/urls.py`` calls
``admin.autodiscover()`` before it mounts ``admin.site.urls``), which a web process loads when it starts
(``dp3/wsgi.py``); and by the admin's system checks, so that ``manage.py check`` still checks every
``ModelAdmin`` whichever check runs first. Anything else that reads ``admin.site``'s registry without the
URLconf calls ``admin.autodiscover()`` first (it imports each module once).
"""

from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


def check_admin_modules(app_configs=None, **kwargs):
    """Django's checks of the registered ``ModelAdmin`` classes, once every admin module is imported."""
    from django.contrib import admin

    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)


class AdminConfig(SimpleAdminConfig):
    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_admin_modules, checks.Tags.admin)
