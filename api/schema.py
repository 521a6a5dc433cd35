"""The error answers every operation of the API may give, added to the OpenAPI schema by one drf-spectacular
postprocessing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``), so that each endpoint documents them
without saying so itself, a new one included. They are DRF's own answers:

- 400: a query parameter or a request body that cannot be read, or a write the service refuses:
  ``{"field": ["message naming the field"]}``;
- 401: neither signed in nor sending a valid API client's token (``WWW-Authenticate: Bearer``);
- 403: not allowed (a role without the right, a read-only client's write, a write without its CSRF token);
- 404: no such object within the user's jurisdiction (a path with an identifier), or a page cursor that
  cannot be read (a list);
- 415: a request body that is not JSON;
- 429: beyond the user's rate (``SIDP3_API_RATE``) or the client's (``SIDP3_API_CLIENT_RATE``), with
  ``Retry-After`` in seconds.

An operation that documents one of these statuses itself (``extend_schema(responses=...)``) keeps its own.
tests/api/test_contract.py checks the answers against the schema.

And the machine clients' token (api/authentication.py), described as ``bearerAuth``: an extension
drf-spectacular finds because ``api.apps`` imports this module."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers

ERROR = "Error"
FIELD_ERRORS = "FieldErrors"

COMPONENTS = {
    ERROR: {
        "type": "object",
        "description": "An error answer: what went wrong, in the user's language.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    FIELD_ERRORS: {
        "type": "object",
        "description": "The fields that could not be read, each with its messages in the user's language; "
        "`non_field_errors` for the request as a whole. A nested field's errors are under its dotted path "
        "(`rows.0.pre_score`).",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
}


class ErrorSerializer(serializers.Serializer):
    """``Error`` for an operation that documents one of these answers itself, with its own description
    (``extend_schema(responses={404: OpenApiResponse(ErrorSerializer, description=…)})``)."""

    detail = serializers.CharField()

    class Meta:
        ref_name = ERROR


UNSAFE_METHODS = {"post", "put", "patch", "delete"}
HTTP_METHODS = UNSAFE_METHODS | {"get", "head", "options", "trace"}


def _answer(component: str, description: str, headers: dict | None = None) -> dict:
    answer = {
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
        "description": description,
    }
    if headers:
        answer["headers"] = headers
    return answer


# Each answer once, under components/responses; the operations refer to them by status code.
RESPONSES = {
    "400": (
        "BadRequest",
        _answer(
            FIELD_ERRORS, "A parameter or field that cannot be read, or a write the rules refuse, by field."
        ),
    ),
    "401": ("Unauthenticated", _answer(ERROR, "Neither signed in nor a valid API client's token.")),
    "403": ("Forbidden", _answer(ERROR, "Not allowed (role, a read-only client's write, CSRF token).")),
    "404": (
        "NotFound",
        _answer(ERROR, "No such object within the user's jurisdiction, or a bad page cursor."),
    ),
    "415": ("UnsupportedMediaType", _answer(ERROR, "A request body that is not JSON.")),
    "429": (
        "Throttled",
        _answer(
            ERROR,
            "Beyond the user's or the API client's rate of requests.",
            headers={
                "Retry-After": {
                    "schema": {"type": "integer"},
                    "required": True,
                    "description": "Seconds to wait before the next request.",
                }
            },
        ),
    ),
}


def error_statuses(operation: dict, method: str) -> list[str]:
    """The error statuses an operation may answer, from what the operation takes."""
    parameters = operation.get("parameters", [])
    query = [parameter for parameter in parameters if parameter.get("in") == "query"]
    in_path = [parameter for parameter in parameters if parameter.get("in") == "path"]
    body = "requestBody" in operation
    secured = any(requirement for requirement in operation.get("security", []))
    statuses = []
    if query or body or method in UNSAFE_METHODS:  # a write the service refuses, even with no body
        statuses.append("400")
    if secured:
        statuses.append("401")
    if secured or method in UNSAFE_METHODS:
        statuses.append("403")
    if in_path or any(parameter.get("name") == "cursor" for parameter in query):
        statuses.append("404")
    if body:
        statuses.append("415")
    if secured:
        statuses.append("429")
    return statuses


def document_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: every operation's error answers (see the module's docstring)."""
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name, component in COMPONENTS.items():
        schemas.setdefault(name, component)
    responses = components.setdefault("responses", {})
    for name, answer in RESPONSES.values():
        responses.setdefault(name, answer)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue  # a path's shared "parameters", "summary"
            answers = operation.setdefault("responses", {})
            for status in error_statuses(operation, method):
                answers.setdefault(status, {"$ref": f"#/components/responses/{RESPONSES[status][0]}"})
    return result


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ClientTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "sidp3_<prefix>_<secret>",
            "description": "The token of an API client, made by an office administrator on the "
            "'Klien API' page (docs/developer/api.md).",
        }
