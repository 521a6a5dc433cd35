"""Access to the roster import (roles that may add cadres, for their own jurisdiction), its template and the
cadre export (every signed-in user; the export holds only the cadres of their jurisdiction, NIKs masked)."""

from accounts.choices import Role
from tests.access import LOGGED_IN, Rule, actors_where, table_for

IMPORTERS = actors_where(lambda level, key, role: role in (Role.ADMIN, Role.COMMISSIONER, Role.STAFF))

ACCESS = {
    "cadre:cadre_import": Rule(expect=table_for([(IMPORTERS, 200)], default=403)),
    "cadre:import_template": Rule(expect=LOGGED_IN, kwargs=lambda w: {"fmt": "xlsx"}),
    "cadre:cadre_export": Rule(expect=LOGGED_IN),
}
