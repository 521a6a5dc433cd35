"""Celery tasks of accounts: thin wrappers around its services."""

from celery import shared_task

from .api_clients import api_calls_purge


@shared_task(name="accounts.tasks.purge_api_calls")
def purge_api_calls() -> int:
    """The API clients' calls older than 90 days, removed (the beat runs it every night)."""
    return api_calls_purge()
