"""The API's error answers (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``), one shape for every refusal:

- **400**: ``{"<field>": ["<message>", …], …}``. A service's ``django.core.exceptions.ValidationError`` keeps
  its Indonesian messages word for word, each under the field it names (the view may rename a service's
  field to its own with ``service_error_field``); a message about no one field goes under
  ``non_field_errors``, where DRF puts its own. A nested input's errors are flattened to dotted keys
  (``rows.2.cadre``; ``rows.2`` for a row that is not an object), so that every value is a list of
  messages.
- **403** and **404**: ``{"detail": "<message>"}``. A service's ``PermissionDenied`` keeps its message; a
  ``Http404`` is always DRF's "not found" (never the model's name), so a row outside the user's jurisdiction
  reads exactly as a row that does not exist.
- A body that is not JSON is a 400 under ``non_field_errors``; another content type a 415 under ``detail``.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def service_errors(error: ValidationError, rename=None) -> dict[str, list[str]]:
    """A service's ValidationError as ``{field: [messages]}``; ``rename(name)`` gives the API's name of a
    field the service names otherwise."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(error, "error_dict"):
        return {non_field: list(error.messages)}
    answer: dict[str, list[str]] = {}
    for name, errors in error.error_dict.items():
        key = non_field if name == NON_FIELD_ERRORS else (rename(name) if rename else name)
        answer.setdefault(key, []).extend(ValidationError(errors).messages)
    return answer


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail (dicts by field, lists by index) as ``{"a.0.b": [messages]}``."""
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        items = ((index, item) for index, item in enumerate(detail) if item)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in messages]}
    answer: dict[str, list[str]] = {}
    for key, value in items:
        # A nested row's own refusal (not an object) is the row's: ``rows.1``.
        inner = prefix if prefix and key == api_settings.NON_FIELD_ERRORS_KEY else None
        inner = inner or (f"{prefix}.{key}" if prefix else str(key))
        for name, messages in flatten(value, inner).items():
            answer.setdefault(name, []).extend(messages)
    return answer


def exception_handler(exc, context):
    view = context.get("view")
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(service_errors(exc, getattr(view, "service_error_field", None)))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.ParseError):
        # Every 400 has the one shape, {field: [messages]}: a body that cannot be read is the request's.
        exc = exceptions.ValidationError(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("Isi permintaan bukan JSON yang sah.")]}
        )
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        exc = exceptions.UnsupportedMediaType(
            "",
            detail=_("Kirim isi permintaan sebagai JSON (Content-Type: application/json)."),
        )
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = flatten(response.data)
    return response
