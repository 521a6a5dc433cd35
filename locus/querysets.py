from kernel.scoping import ScopedQuerySet


class LocusQuerySet(ScopedQuerySet):
    def for_year(self, year):
        return self.filter(programme_year_id=year)

    def with_places(self):
        return self.select_related("village__district__regency__province", "programme_year")
