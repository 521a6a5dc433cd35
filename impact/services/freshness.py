"""Keeping the estimates fresh: when results or loci change, every estimate they feed is marked as asked
for and its recomputation queued for the worker, once per transaction, after the commit.

- ``locus.signals.results_changed`` (sent with ``election=`` after results are written): the estimates
  whose outcome or baseline is that election.
- A locus saved or deleted (``post_save``/``post_delete`` on ``Locus``: its designation, status or category
  changed, or a village became a locus and so no comparison village): every estimate, whatever its year,
  because the comparison villages of every year are the villages never a locus in any year.

An estimate exists for each programme year with designated loci × each outcome election with results whose
baseline (``locus.rules.baseline_election``) has results too; a request creates the missing ones.

``estimate_run`` (the task) skips a request already served: a run that started after the last request has
read data at least as new (a burst of changes is computed once). When the broker cannot be reached, the
estimate is marked failed with the reason, and the page says so.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.models import ImpactEstimate
from kernel import queue
from locus import rules
from locus.models import Election, Locus, VillageResult

logger = logging.getLogger(__name__)


def queue_unavailable_message() -> str:
    return _("Layanan antrean tidak tersedia: perhitungan ulang belum dapat dijadwalkan.")


def estimable_pairs(*, election: str | None = None) -> list[tuple[int, str]]:
    """(programme year, outcome election) of every estimate that can be made: a year with designated loci
    × an outcome election with results whose baseline has results. With ``election``, only the pairs it is
    the outcome or the baseline of. Three queries."""
    elections = list(Election.objects.values_list("code", "held_on"))
    with_results = set(
        Election.objects.filter(Exists(VillageResult.objects.filter(election_id=OuterRef("pk")))).values_list(
            "code", flat=True
        )
    )
    years = sorted(
        set(Locus.objects.filter(rules.treated_locus_q()).values_list("programme_year_id", flat=True))
    )
    pairs = []
    for year in years:
        for code, held_on in elections:
            if code not in with_results:
                continue
            baseline = rules.baseline_election(year=year, outcome=(code, held_on), elections=elections)
            if baseline is None or baseline not in with_results:
                continue
            if election is None or election in (code, baseline):
                pairs.append((year, code))
    return pairs


def estimates_request(*, election: str | None = None, enqueue: bool = True) -> list[ImpactEstimate]:
    """Mark the estimates that ``election``'s results (None: any change of loci) feed as asked for now,
    creating those that can now be made, and queue each for the worker. Returns them."""
    now = timezone.now()
    pairs = set(estimable_pairs(election=election))
    existing = ImpactEstimate.objects.all()
    if election is not None:
        existing = existing.filter(election_id=election) | existing.filter(baseline_id=election)
    pairs |= set(existing.values_list("programme_year_id", "election_id"))
    estimates = []
    for year, code in sorted(pairs):
        estimate, _created = ImpactEstimate.objects.get_or_create(programme_year_id=year, election_id=code)
        ImpactEstimate.objects.filter(pk=estimate.pk).update(requested_at=now)
        estimate.requested_at = now
        estimates.append(estimate)
    if enqueue:
        for estimate in estimates:
            estimate_enqueue(estimate=estimate)
    return estimates


def estimate_enqueue(*, estimate: ImpactEstimate) -> bool:
    """Hand the estimate's run to the worker; False (and the estimate marked failed with the reason) when
    the broker cannot be reached. The publish is short: connection timeout 3 s, two quick retries."""
    from impact.tasks import estimate_impact  # here: impact.tasks imports this module

    if queue.enqueue(estimate_impact, estimate.programme_year_id, estimate.election_id) is None:
        ImpactEstimate.objects.filter(pk=estimate.pk).update(
            failed_at=timezone.now(), error=queue_unavailable_message()
        )
        return False
    return True


def estimate_run(*, year: int, election: str) -> ImpactEstimate | None:
    """The worker's run: compute unless a run that started after the last request already finished (then
    the data it read are at least as new). None when the pair can no longer be estimated."""
    # The method and numpy, imported by the worker when it computes: this module is imported at start-up by
    # every process (impact.receivers), which only ask for recomputations.
    from .estimates import estimate_compute

    estimate = ImpactEstimate.objects.filter(programme_year_id=year, election_id=election).first()
    if estimate is not None and _served(estimate):
        return estimate
    try:
        return estimate_compute(year=year, election=election)
    except ValidationError as exc:
        # The year or the election went away since the request, or its baseline: nothing to compute.
        ImpactEstimate.objects.filter(programme_year_id=year, election_id=election).update(
            failed_at=timezone.now(), error=" ".join(exc.messages)
        )
        return None


def _served(estimate: ImpactEstimate) -> bool:
    started, computed, requested = estimate.started_at, estimate.computed_at, estimate.requested_at
    return (
        started is not None
        and computed is not None
        and computed >= started
        and (requested is None or requested <= started)
    )


# --- after the commit, once per transaction ----------


def _already_scheduled(marker: str) -> bool:
    """Whether the open transaction already holds our callback for ``marker`` (a rolled-back transaction
    drops its callbacks, so nothing stays scheduled by mistake)."""
    return any(
        getattr(callback, "impact_marker", None) == marker
        for _ids, callback, _robust in connection.run_on_commit
    )


def request_after_commit(*, election: str | None = None) -> None:
    """Ask for the recomputation once the transaction commits (at once outside a transaction); one request
    per transaction and election, however many rows changed."""
    marker = f"impact:{election or '*'}"
    if connection.in_atomic_block and _already_scheduled(marker):
        return

    def request() -> None:
        try:
            estimates_request(election=election)
        except Exception:  # never break the write that triggered it
            logger.exception("impact: asking for the recomputation failed")

    request.impact_marker = marker
    transaction.on_commit(request)
