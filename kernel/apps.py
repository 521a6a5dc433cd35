from django.apps import AppConfig


class KernelConfig(AppConfig):
    """The bottom layer (no models): an app so that its template tags may be loaded by name."""

    name = "kernel"
