from kernel.scoping import ScopedQuerySet
from locus import rules


class CadreQuerySet(ScopedQuerySet):
    def live(self):
        return self.filter(rules.recruited_q())

    def on_roster(self):
        """Appointed or active core cadres: the ones that count against the roster size
        (``rules.counts_on_roster``)."""
        return self.filter(rules.on_roster_q())

    def follow_on(self):
        return self.filter(recruited_by__isnull=False)
