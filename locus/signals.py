"""Signals the locus app sends for the layers above it to follow (it subscribes to none of them itself).

``results_changed``: an election's village results were written (``election=<Election>``), sent once the
import's transaction has committed (``locus.services.results_import.results_write``). A receiver that keeps
figures derived from turnout (an impact estimate, a dashboard's cache) refreshes them for that election.
"""

from django.dispatch import Signal

results_changed = Signal()
