"""The dashboard of a place (the country, a province or a regency) for a programme year, computed live from
the rows on every request: no summary tables to rebuild, no cache. Three figures are read from rows the
database keeps in step with theirs by triggers, in the transaction that writes them
(``kernel/db_triggers.py``): a cadre's segments as bits (``Cadre.segment_mask``), a locus' roster
(``cadre.LocusRoster``: appointed core cadres, women, the OR of their masks) and a session's attendance by
status (``TrainingSession.present_count``…).

What counts (the rules are ``locus.rules``', as on every page that shows these figures):
- loci: every locus of the year in the place, by category and by status; the *programme* loci are those
  designated or later (designated, PKS signed, active, closed): they carry a roster and the sessions;
- cadres appointed: the cadres on the roster (appointed and active core cadres, not follow-on), against the
  roster size × the programme loci; the women's share is of those cadres, against the year's minimum,
  compared exactly on the counts and shown rounded down;
- sessions held: per programme locus, its held training sessions up to the plan, against the planned
  sessions × the programme loci (a session may serve several loci of a regency: it counts once for each);
- attendance rate: present ÷ recorded attendance of the held sessions of the year;
- people reached: men + women reached by the socialisation activities of the year; and, per voter segment
  of the year, the people of that segment they reached (``activities.selectors.outreach.segment_reach_of``).

Loci that need attention are the designated, PKS-signed and active loci whose roster is incomplete, whose
women's share is below the minimum or which miss a required segment (flags computed by the rules' ORM
expressions in the loci's query, and by their Python twins for the SQLite path and the locus dashboard), and
the active loci without a socialisation activity for 30 days. Overdue follow-ups are those of meetings the
user may see, assigned to an office of the place, past due on the office's local calendar and not done.

The cost is fixed whatever the number of loci: one query for the years, one for the required segments, one
for the loci (``LOCUS_FIGURES_SQL``: the loci with their roster figures, and grouped queries by locus over
the sessions and the activities, joined once to the loci; PostgreSQL flags what needs attention and sums by
child, so Python receives one row per child and the listed loci, never one per locus), one grouped query
each for attendance (over the sessions) and for reach, one for reach per segment (a subquery per segment of
the year), one for the overdue follow-ups (the first ten and, by a window count, how many there are), and
two for the loci's milestones by light (``reports.milestones``). Every part starts from
``restrict(user, "view")``: the loci are restricted, and a locus' roster lies in its jurisdiction.

The modules, by idea: ``places`` (where a dashboard looks, and the breadcrumbs), ``loci`` (the loci statement
and its SQLite twin), ``attention`` (what needs attention, and the overdue follow-ups), ``charts`` and
``figures`` (the tiles, the children's rows and ``dashboard`` itself). The names below are the public ones."""

from .attention import REASONS, AttentionLocus, attention_reasons
from .charts import Chart
from .figures import ChildRow, Dashboard, PlaceFigures, Tile, dashboard, dashboard_years, sessions_tile
from .places import Place, home_place, place_crumbs, province_place, regency_place

__all__ = [
    "REASONS",
    "AttentionLocus",
    "Chart",
    "ChildRow",
    "Dashboard",
    "Place",
    "PlaceFigures",
    "Tile",
    "attention_reasons",
    "dashboard",
    "dashboard_years",
    "home_place",
    "place_crumbs",
    "province_place",
    "regency_place",
    "sessions_tile",
]
