"""Access to the ranking of candidate villages, the spreadsheet imports and their templates, and the
programme years with their milestone schedules.

The ranking is open to every logged-in user (it lists only villages of their jurisdiction). Loci files are
imported by national and province administrators; evidence files (indicators, conflict/disaster records) by
national and province offices whose role may decide (administrators, commissioners). Programme years are read
by everyone and changed (their milestone schedule too) by KPU RI administrators only.
"""

from accounts.choices import OfficeLevel, Role
from tests.access import LOGGED_IN, Rule, actors_where, table_for

LOCI_IMPORTERS = actors_where(lambda level, key, role: role == Role.ADMIN and level != OfficeLevel.REGENCY)
EVIDENCE_IMPORTERS = actors_where(
    lambda level, key, role: role in (Role.ADMIN, Role.COMMISSIONER) and level != OfficeLevel.REGENCY
)
NATIONAL_ADMINS = actors_where(lambda level, key, role: role == Role.ADMIN and level == OfficeLevel.NATIONAL)


def only(actors: set[str]) -> dict[str, int]:
    """200 for ``actors``, 403 for every other signed-in actor, the login page for anonymous users."""
    return table_for([(actors, 200)], default=403)


ACCESS = {
    "locus:ranking": Rule(expect=LOGGED_IN),
    "locus:locus_import": Rule(expect=only(LOCI_IMPORTERS)),
    "locus:indicator_import": Rule(expect=only(EVIDENCE_IMPORTERS)),
    "locus:incident_import": Rule(expect=only(EVIDENCE_IMPORTERS)),
    "locus:import_template": Rule(expect=LOGGED_IN, kwargs=lambda w: {"kind": "lokus", "fmt": "xlsx"}),
    "locus:programmeyear_list": Rule(expect=LOGGED_IN),
    "locus:programmeyear_detail": Rule(expect=LOGGED_IN, kwargs=lambda w: {"year": 2021}),
    "locus:programmeyear_update": Rule(expect=only(NATIONAL_ADMINS), kwargs=lambda w: {"year": 2021}),
    "locus:milestone_schedule": Rule(expect=only(NATIONAL_ADMINS), kwargs=lambda w: {"year": 2021}),
}
