"""What makes an estimate stale, connected when the app is ready (``ImpactConfig.ready``): results written
for an election (``locus.signals.results_changed``) and any locus saved or deleted (its designation, status
or category, or a village that became a locus). Each asks for the recomputation after the commit
(``impact.services.freshness.request_after_commit``): no query while the transaction is open."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from locus.models import Locus
from locus.signals import results_changed

from .services.freshness import request_after_commit


@receiver(results_changed, dispatch_uid="impact.results_changed")
def results_written(sender, election=None, **kwargs) -> None:
    code = getattr(election, "pk", election)
    request_after_commit(election=str(code) if code else None)


@receiver(post_save, sender=Locus, dispatch_uid="impact.locus_saved")
@receiver(post_delete, sender=Locus, dispatch_uid="impact.locus_deleted")
def locus_changed(sender, instance, **kwargs) -> None:
    request_after_commit()
