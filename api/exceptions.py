"""The API's error answers (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``): DRF's, except that a 404 raised as
Django's ``Http404`` (``get_object_or_404``: "No Cadre matches the given query.", in English, naming the
model) says "Data tidak ditemukan." in the user's language. A view with something more to say raises DRF's
``NotFound(detail)``, which is answered as it is."""

from django.http import Http404
from rest_framework import exceptions, views


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return views.exception_handler(exc, context)
