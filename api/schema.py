"""drf-spectacular's description of the machine clients' token (api/authentication.py): ``bearerAuth``."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
