"""Reusable filters on the activities' querysets."""

from kernel.scoping import ScopedQuerySet
from locus import rules


class ActivityQuerySet(ScopedQuerySet):
    def counted(self):
        """The activities that count in the figures: accepted by the office (``rules.activity_counts``); a
        cadre's report awaiting review or returned counts nowhere."""
        return self.filter(rules.counted_activity_q())
