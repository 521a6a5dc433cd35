from dp3.scoping import ScopedQuerySet

from .choices import LIVE_STATUSES, ROSTER_STATUSES


class CadreQuerySet(ScopedQuerySet):
    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def on_roster(self):
        """Appointed or active core cadres: the ones that count against the roster size."""
        return self.filter(status__in=ROSTER_STATUSES, recruited_by__isnull=True)

    def follow_on(self):
        return self.filter(recruited_by__isnull=False)
