"""The programme's rules (juknis DP3), each written once: who counts on a locus' roster, the roster's size,
the women's minimum, the required segments, who may represent a segment (by sex and by age), the day a
programme year's ages are counted on, training sessions held against planned, cadres recruited and
appointed, follow-on cadres, people reached, which socialisation activities count (the accepted ones), the
budget an advocacy engagement mobilises (committed, once approved), election turnout, and which elections
and villages the programme's effect on turnout compares (``impact``).

Each rule is a Python function over plain values and an ORM expression (``Q``, a lookup, ``Case``…) built
from the same constants, so the roster page, the dashboards, the recap, the evaluations, the targets and the
database triggers count alike; figures travel as the dataclasses below. A page shows a share as a whole
percent rounded *down* (``share_percent``), so a shown 29% never sits beside "meets 30%": 8 women of 27
cadres is 29.6%, shown 29%, below the minimum, on every page.

This module sits beneath ``cadre``, ``activities`` and ``reports`` and imports none of them: it names the
cadre statuses and the female sex by value (``cadre.choices`` takes its values from here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Round
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThan
from django.utils.translation import gettext

from .choices import (
    PROGRAMME_LOCUS_STATUSES,
    RECRUITING_LOCUS_STATUSES,
    LocusStatus,
    MilestoneKind,
    MilestoneLight,
)

# --- the vocabulary: cadre statuses and sex (values of ``cadre.choices``) ----------

REGISTERED = "terdaftar"
VERIFIED = "terverifikasi"
INTERVIEWED = "wawancara"
APPOINTED = "ditetapkan"
ACTIVE = "aktif"
FEMALE = "P"
MALE = "L"

# A cadre in one of these statuses holds a place in the programme year (its NIK may not be a cadre elsewhere
# that year) and counts as *recruited* on the targets: candidates, appointed and active, follow-on included.
LIVE_STATUSES = (REGISTERED, VERIFIED, INTERVIEWED, APPOINTED, ACTIVE)
# Appointed by decree (SK) and still serving: core and follow-on cadres alike attend the training sessions.
APPOINTED_STATUSES = (APPOINTED, ACTIVE)
# The juknis' norms, the defaults of each programme year (``ProgrammeYear``), which may set its own: 25
# appointed core cadres per locus, at least 30% of them women (UU 7/2017's norm for election bodies), and
# 8 training sessions per locus.
ROSTER_SIZE = 25
MIN_WOMEN_PERCENT = 30
PLANNED_SESSIONS = 8


def _lookups(prefix: str, **lookups) -> Q:
    return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})


# --- loci ----------


def is_programme_locus(status: str) -> bool:
    """Designated or later, closed included: the locus carries a roster and its planned sessions (the
    places and the plan that figures are counted against)."""
    return status in PROGRAMME_LOCUS_STATUSES


def programme_locus_q(prefix: str = "") -> Q:
    return _lookups(prefix, status__in=PROGRAMME_LOCUS_STATUSES)


def is_recruiting_locus(status: str) -> bool:
    """Designated, PKS signed or active: its roster is still being filled, so its shortfalls need
    attention (a closed locus is done)."""
    return status in RECRUITING_LOCUS_STATUSES


def recruiting_locus_q(prefix: str = "") -> Q:
    return _lookups(prefix, status__in=RECRUITING_LOCUS_STATUSES)


# --- cadres: on the roster, recruited, follow-on ----------


def counts_on_roster(*, status: str, recruited_by_id) -> bool:
    """An appointed or active *core* cadre: the ones that fill the roster (and count for its women and its
    segments). A follow-on cadre (``recruited_by``) counts apart; a candidate is not a cadre yet; one who
    resigned, was replaced or found ineligible has left."""
    return status in APPOINTED_STATUSES and recruited_by_id is None


def on_roster_q(prefix: str = "") -> Q:
    """``counts_on_roster`` as a filter on cadres (``prefix``: the path to the cadre, e.g. ``"cadres__"``)."""
    return _lookups(prefix, status__in=APPOINTED_STATUSES, recruited_by__isnull=True)


def women_on_roster_q(prefix: str = "") -> Q:
    return on_roster_q(prefix) & _lookups(prefix, sex=FEMALE)


def on_roster_sql(alias: str) -> str:
    """``counts_on_roster`` in SQL on the cadre table as ``alias`` (the roster triggers' condition)."""
    statuses = ", ".join(f"'{status}'" for status in APPOINTED_STATUSES)
    return f"{alias}.recruited_by_id IS NULL AND {alias}.status IN ({statuses})"


def is_recruited(status: str) -> bool:
    """A cadre recruited in the year (the targets' figure): in a live status, follow-on included."""
    return status in LIVE_STATUSES


def recruited_q(prefix: str = "") -> Q:
    return _lookups(prefix, status__in=LIVE_STATUSES)


def is_follow_on(*, status: str, recruited_by_id) -> bool:
    """A follow-on cadre (*kader lanjutan*, recruited by a cadre) in a live status: counted apart from the
    roster."""
    return status in LIVE_STATUSES and recruited_by_id is not None


def follow_on_q(prefix: str = "") -> Q:
    return _lookups(prefix, status__in=LIVE_STATUSES, recruited_by__isnull=False)


def attends_training(status: str) -> bool:
    """A cadre on the attendance screen and among an activity's cadres: appointed or active, core or
    follow-on."""
    return status in APPOINTED_STATUSES


def attending_q(prefix: str = "") -> Q:
    return _lookups(prefix, status__in=APPOINTED_STATUSES)


# --- the recruitment date ----------

# Where a cadre's recruitment date came from, when the row or the form did not give one.
RECRUITED_GIVEN = "given"  # typed on the row or in the form
RECRUITED_FILE = "file"  # the date chosen for the whole file
RECRUITED_TODAY = "today"  # today, within the programme year
RECRUITED_DECREE = "decree"  # the locus' decree (SK) date, the programme year being past or to come


def programme_year_span(year: int) -> tuple[dt.date, dt.date]:
    """The days of a programme year: its calendar year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def within_programme_year(day: dt.date, year: int) -> bool:
    first, last = programme_year_span(year)
    return first <= day <= last


def default_recruitment_date(
    *, year: int, today: dt.date, file_date: dt.date | None = None, decree_date: dt.date | None = None
) -> tuple[dt.date | None, str | None]:
    """The date a cadre is taken to be recruited on (and so the day the age rule is judged on) when none is
    written for them: the date given for the whole file, else today when today lies within the locus'
    programme year, else the locus' decree (SK) date; (None, None) when there is none of these (the date
    must then be written)."""
    if file_date is not None:
        return file_date, RECRUITED_FILE
    if within_programme_year(today, year):
        return today, RECRUITED_TODAY
    if decree_date is not None:
        return decree_date, RECRUITED_DECREE
    return None, None


# --- ages ----------

# A cadre must be a voter: 17 or older on the recruitment date (UU 7/2017).
VOTING_AGE = 17


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def age_reference_date(*, year: int, today: dt.date) -> dt.date:
    """The day a programme year's ages are counted on (its roster's age groups and the ages its roster
    shows): today while the year runs, its last day (31 December) once it is past, its first day while it
    is to come. A 2021 roster viewed in 2026 shows the ages its cadres had at the end of 2021, so the
    figures of a past year do not change as its cadres grow older."""
    first, last = programme_year_span(year)
    return min(max(today, first), last)


# --- who may represent a segment: by sex, by age on the recruitment date ----------

WOMEN_SEGMENT = "perempuan"
FIRST_TIME_SEGMENT = "pemilih-pemula"
YOUNG_SEGMENT = "pemilih-muda"


@dataclass(frozen=True)
class AgeBand:
    """Ages from ``youngest`` to ``oldest`` years, both included."""

    youngest: int
    oldest: int

    def __contains__(self, age: int) -> bool:
        return self.youngest <= age <= self.oldest


# The segments only one sex may represent: the women's segment (*Perempuan*), women only.
SEGMENT_SEX = {WOMEN_SEGMENT: FEMALE}
# The segments defined by age, judged on the recruitment date: a first-time voter (*pemilih pemula*) is 17
# to 21, voting for the first time in the elections after the programme year; a young voter (*pemilih
# muda*) is a voter up to 30, the upper age of youth in UU 40/2009 on youth (a first-time voter is also a
# young voter).
SEGMENT_AGE_BANDS = {
    FIRST_TIME_SEGMENT: AgeBand(VOTING_AGE, 21),
    YOUNG_SEGMENT: AgeBand(VOTING_AGE, 30),
}


def segment_fits_sex(code: str, sex: str) -> bool:
    """A cadre of ``sex`` may represent the segment ``code``."""
    required = SEGMENT_SEX.get(code)
    return required is None or sex == required


def segment_fits_age(code: str, age: int) -> bool:
    """A cadre aged ``age`` on the recruitment date may represent the segment ``code``."""
    band = SEGMENT_AGE_BANDS.get(code)
    return band is None or age in band


# --- open data: small counts ----------

# Open data (``api.open_data``) publishes counts of people per region: a count of people below this many (but
# not zero) is withheld, and so is any count from which it could be worked out, so that no cadre or resident
# can be singled out from a published figure.
DISCLOSURE_MIN_COUNT = 5


def discloses_person(count: int | None) -> bool:
    """Whether a published count of people could single someone out: 1 to ``DISCLOSURE_MIN_COUNT`` − 1.
    None (no figure) and zero (nobody) single out no one."""
    return count is not None and 0 < count < DISCLOSURE_MIN_COUNT


# --- roster fill ----------


def share_percent(part: int, whole: int) -> int | None:
    """A share as pages show it: a whole percent rounded down (None when there is no whole). Rounded down,
    it never reaches a minimum the exact share misses."""
    return 100 * part // whole if whole else None


def roster_short(*, filled: int, size: int) -> bool:
    """Fewer appointed core cadres than places."""
    return filled < size


def roster_overflows(*, filled: int, adding: int, size: int) -> bool:
    """Appointing ``adding`` more core cadres to a roster of ``filled`` would pass its size (refused)."""
    return filled + adding > size


def roster_short_expr(filled, size) -> ExpressionWrapper:
    return _boolean(LessThan(_expression(filled), _expression(size)))


# --- the women's minimum ----------


def meets_women_minimum(*, women: int, total: int, minimum_percent: int) -> bool:
    """The women's share of the roster reaches the minimum, compared exactly on the counts (never after
    rounding): 8 of 27 (29.6%) misses 30%, 3 of 10 meets it. An empty roster meets nothing."""
    return total > 0 and 100 * women >= minimum_percent * total


def women_below_minimum(*, women: int, total: int, minimum_percent: int) -> bool:
    """A roster with cadres whose women's share misses the minimum (an empty roster is short of cadres, not
    of women)."""
    return total > 0 and not meets_women_minimum(women=women, total=total, minimum_percent=minimum_percent)


def women_needed(*, total: int, minimum_percent: int) -> int:
    """The fewest women a roster of ``total`` needs to meet the minimum: 8 of 25 for 30%."""
    return -(-minimum_percent * total // 100)


def meets_women_minimum_expr(women, total, minimum_percent) -> ExpressionWrapper:
    women, total, minimum = _expression(women), _expression(total), _expression(minimum_percent)
    return _boolean(GreaterThan(total, 0) & GreaterThanOrEqual(women * 100, minimum * total))


def women_below_minimum_expr(women, total, minimum_percent) -> ExpressionWrapper:
    women, total, minimum = _expression(women), _expression(total), _expression(minimum_percent)
    return _boolean(GreaterThan(total, 0) & LessThan(women * 100, minimum * total))


# --- required segments ----------


def segment_mask(segments: Iterable) -> int:
    """The bits (``Segment.bit``) of these segments, as ``Cadre.segment_mask`` and the roster store them."""
    mask = 0
    for segment in segments:
        mask |= 1 << segment.bit
    return mask


def covers_required(*, covered_mask: int, required_mask: int) -> bool:
    return covered_mask & required_mask == required_mask


def missing_segments(*, covered_mask: int, required: Iterable) -> list:
    """The required segments (in the order given) that no appointed core cadre represents."""
    return [segment for segment in required if not covered_mask & (1 << segment.bit)]


def segments_missing(*, filled: int, covered_mask: int, required_mask: int) -> bool:
    """A roster with cadres that misses a required segment (an empty roster is short of cadres)."""
    return filled > 0 and not covers_required(covered_mask=covered_mask, required_mask=required_mask)


def segments_missing_expr(filled, covered_mask, required_mask: int) -> ExpressionWrapper:
    covered = _expression(covered_mask).bitand(Value(required_mask))
    return _boolean(GreaterThan(_expression(filled), 0) & ~Q(Exact(covered, Value(required_mask))))


# --- training sessions held against planned ----------


def locus_sessions_held(*, held: int, planned: int) -> int:
    """The sessions held for one locus: its held sessions (a session serving several loci of a regency
    counts for each), up to the year's plan. Summed over loci, the figure is read against the plan × the
    programme loci: "6 of 16" for two loci that each had 3 of their 8."""
    return min(held, planned)


def locus_sessions_held_expr(held, planned):
    """``locus_sessions_held`` over a count of a locus' held sessions (an aggregate or a subquery)."""
    held, planned = Coalesce(_expression(held), 0), _expression(planned)
    # CASE rather than LEAST/MIN: the same SQL on every backend.
    return Case(When(GreaterThan(held, planned), then=planned), default=held, output_field=IntegerField())


# --- people reached ----------


def reached(*, men: int, women: int) -> int:
    """People reached by socialisation activities: men plus women (disabled and first-time voters are
    among them, not added)."""
    return men + women


def reached_expr(prefix: str = ""):
    return F(f"{prefix}reached_men") + F(f"{prefix}reached_women")


# --- socialisation activities: which count ----------

# An activity's review status (values of ``activities.choices.ActivityStatus``): recorded by an officer or
# accepted by the office after a cadre reported it (*diterima*); reported by a cadre from the app and awaiting
# the office's review (*dilaporkan*); returned to the cadre with a note (*dikembalikan*).
ACTIVITY_ACCEPTED = "diterima"
ACTIVITY_REPORTED = "dilaporkan"
ACTIVITY_RETURNED = "dikembalikan"
# Only these count in any figure: activities, people reached, reach per segment, targets' progress,
# evaluations, dashboards, the recap, open data, the API's figures. A reported or returned activity counts
# nowhere until the office accepts it.
COUNTED_ACTIVITY_STATUSES = (ACTIVITY_ACCEPTED,)


def activity_counts(status: str) -> bool:
    """A socialisation activity counts in the figures: the office has accepted it (or an officer recorded
    it)."""
    return status in COUNTED_ACTIVITY_STATUSES


def counted_activity_q(prefix: str = "") -> Q:
    """``activity_counts`` as a filter on activities (``prefix``: the path to the activity, e.g.
    ``"activity__"``)."""
    return _lookups(prefix, status__in=COUNTED_ACTIVITY_STATUSES)


# --- advocacy: the budget an office mobilises ----------

# An advocacy engagement's status (values of ``activities.choices.AdvocacyStatus``): what the office put to
# the party (a budget, support, an agreement) awaits its answer (*diajukan*), was approved (*disetujui*) or
# refused (*ditolak*).
ADVOCACY_SUBMITTED = "diajukan"
ADVOCACY_APPROVED = "disetujui"
ADVOCACY_REJECTED = "ditolak"
# A status the party decided: it has the day it was decided on.
DECIDED_ADVOCACY_STATUSES = (ADVOCACY_APPROVED, ADVOCACY_REJECTED)


def budget_mobilised(*, status: str, committed: int) -> int:
    """The Rupiah an engagement mobilised for DP3: the budget the party committed, once it approved the
    engagement; nothing while it is awaited or after a refusal. Every figure of "anggaran dimobilisasi"
    (the advocacy list, the dashboards, the recap, the API) sums this."""
    return committed if status == ADVOCACY_APPROVED else 0


def budget_mobilised_expr(prefix: str = ""):
    """``budget_mobilised`` of an engagement row (``prefix``: the path to it), for ``Sum``."""
    return Case(
        When(**{f"{prefix}status": ADVOCACY_APPROVED}, then=F(f"{prefix}budget_committed")),
        default=Value(0),
        output_field=BigIntegerField(),
    )


def commitment_allowed(*, status: str, committed: int, asked: int) -> bool:
    """A committed budget only on an approved engagement, and never more than was asked: a regional government
    that grants more than the proposal is recorded by raising the amount asked too."""
    if status != ADVOCACY_APPROVED:
        return committed == 0
    return 0 <= committed <= asked


# --- milestones ----------

# A milestone not done whose due date is at most this many days away is at risk (0: due today).
MILESTONE_AT_RISK_DAYS = 14
# An offset from the SK date lies within a year and a half either way.
MILESTONE_MAX_OFFSET = 540
# The locus statuses with a checklist: a rejected or cancelled proposal has none.
MILESTONE_LOCUS_STATUSES = (LocusStatus.PROPOSED, *PROGRAMME_LOCUS_STATUSES)
# The statuses in which a locus has its SK (designated or later), and its PKS (PKS signed or later).
DECREED_STATUSES = PROGRAMME_LOCUS_STATUSES
AGREED_STATUSES = (LocusStatus.AGREEMENT_SIGNED, LocusStatus.ACTIVE, LocusStatus.CLOSED)
# Worst first: a locus shows the worst light of its milestones.
LIGHT_SEVERITY = (MilestoneLight.LATE, MilestoneLight.AT_RISK, MilestoneLight.ON_TIME, MilestoneLight.DONE)


def milestone_key(kind: str, session_number: int | None = None) -> str:
    """A milestone's name on the schedule: the kind, ``pembekalan-3`` for a training session."""
    return f"{kind}-{session_number}" if kind == MilestoneKind.TRAINING else str(kind)


def milestone_label(kind: str, session_number: int | None = None) -> str:
    if kind == MilestoneKind.TRAINING:
        return gettext("Pembekalan sesi %(n)s") % {"n": session_number}
    return str(MilestoneKind(kind).label)


def milestone_due(*, due_date: dt.date | None, offset_days: int | None, decree_date: dt.date | None):
    """The day a locus' milestone falls due: the fixed date, else its SK date plus the offset; None while a
    milestone counted from the SK has no SK date to count from."""
    if due_date is not None:
        return due_date
    if offset_days is None or decree_date is None:
        return None
    return decree_date + dt.timedelta(days=offset_days)


def milestone_light(*, done: bool, due: dt.date | None, today: dt.date) -> str:
    """A milestone's traffic light: done (whatever the date); late once past due; at risk when due within
    ``MILESTONE_AT_RISK_DAYS`` days (today included); on time otherwise, and while it has no due date yet."""
    if done:
        return MilestoneLight.DONE
    if due is None:
        return MilestoneLight.ON_TIME
    days_left = (due - today).days
    if days_left < 0:
        return MilestoneLight.LATE
    if days_left <= MILESTONE_AT_RISK_DAYS:
        return MilestoneLight.AT_RISK
    return MilestoneLight.ON_TIME


def worst_light(lights: Iterable[str]) -> str | None:
    """The light a locus shows for its milestones: the worst of them (None without milestones)."""
    lights = set(lights)
    return next((light for light in LIGHT_SEVERITY if light in lights), None)


def has_decree(*, status: str, decree_date: dt.date | None) -> bool:
    """The SK milestone is met: the locus is designated (or later) with its decree date recorded."""
    return status in DECREED_STATUSES and decree_date is not None


def has_agreement(*, status: str, agreement_date: dt.date | None) -> bool:
    """The PKS milestone is met: the agreement is recorded (PKS signed, active or closed)."""
    return status in AGREED_STATUSES and agreement_date is not None


# --- election results: turnout ----------
#
# Results are loaded per polling station (TPS) and kept per village (``locus.models.VillageResult``);
# districts, regencies and provinces are their villages summed. Turnout (*partisipasi pemilih*) is computed
# as KPU computes it, from sums and never as an average of percentages: the voters who came (*pengguna hak
# pilih*) over everyone who could vote there, the DPT and the voters added on the day (DPTb, DPK).


def electorate(*, registered: int, additional: int) -> int:
    """Everyone who could vote: the DPT and the voters added on the day (DPTb, DPK)."""
    return registered + additional


def turnout_percent(*, voters: int, registered: int, additional: int) -> float | None:
    """Turnout in percent, voters over the electorate; None where nobody was registered."""
    total = electorate(registered=registered, additional=additional)
    return 100 * voters / total if total else None


def turnout_percent_expression(prefix: str = "", *, places: int = 2):
    """``turnout_percent`` in SQL, rounded to ``places`` decimals (NULL where nobody was registered)."""
    total = NullIf(F(f"{prefix}registered") + F(f"{prefix}additional"), 0)
    share = Cast(100 * F(f"{prefix}voters"), DecimalField(max_digits=14, decimal_places=4)) / total
    return Cast(Round(share, places), DecimalField(max_digits=5, decimal_places=places))


def voters_within_electorate(*, voters: int, registered: int, additional: int) -> bool:
    """No more voters came than could vote (a TPS, hence a village's sum, a region's)."""
    return voters <= electorate(registered=registered, additional=additional)


def votes_within_voters(*, valid: int, invalid: int, voters: int) -> bool:
    """No more ballots were counted, valid and invalid, than voters came."""
    return valid + invalid <= voters


def voters_within_electorate_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}voters__lte": F(f"{prefix}registered") + F(f"{prefix}additional")})


def votes_within_voters_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_votes__lte": F(f"{prefix}voters") - F(f"{prefix}invalid_votes")})


# --- the programme's effect on turnout: which villages and elections are compared ----------

# An election's kind is its code's prefix: "pemilu-2024" is a general election (*pemilu*), "pilkada-2020" a
# regional one (*pilkada*). Only elections of one kind are compared: turnout differs between them.
ELECTION_KINDS = ("pemilu", "pilkada")
# The statuses in which a locus has received the programme (designated or later, closed included): the
# loci whose turnout change is measured (``is_programme_locus``). Cancelled loci are not among them.
TREATED_LOCUS_STATUSES = PROGRAMME_LOCUS_STATUSES
# A village with a locus record in any of these statuses, in any programme year, is never a comparison
# village: designated, PKS, active and closed loci received the programme; a proposal may still receive it;
# a cancelled locus may have received part of it (cadres recruited, sessions held) before it was cancelled.
# A *rejected* proposal received nothing, so its village stays a comparison village (it was considered for
# the same reasons as the loci, which makes it a fair one).
NOT_COMPARISON_STATUSES = tuple(status for status in LocusStatus.values if status != LocusStatus.REJECTED)


def election_kind(code: str) -> str:
    """The kind of an election by its code's prefix: "pemilu-2024" → "pemilu"."""
    return code.split("-", 1)[0]


def is_treated_locus(status: str) -> bool:
    """A locus whose turnout change counts as the programme's: designated or later."""
    return status in TREATED_LOCUS_STATUSES


def treated_locus_q(prefix: str = "") -> Q:
    return _lookups(prefix, status__in=TREATED_LOCUS_STATUSES)


def excludes_from_comparison(status: str) -> bool:
    """A village with a locus of this status (any year) is no comparison village (all but rejected)."""
    return status in NOT_COMPARISON_STATUSES


def not_comparison_q(prefix: str = "") -> Q:
    return _lookups(prefix, status__in=NOT_COMPARISON_STATUSES)


def is_outcome_election(*, year: int, held_on: dt.date) -> bool:
    """An election can show a programme year's effect when it was held after the year began (on or after
    its 1 January)."""
    return held_on >= programme_year_span(year)[0]


def baseline_election(
    *, year: int, outcome: tuple[str, dt.date], elections: Iterable[tuple[str, dt.date]]
) -> str | None:
    """The code of the election a programme year's outcome election is compared with: the latest election
    of the same kind (``election_kind``) held before the programme year began. ``outcome`` and
    ``elections`` are (code, held_on) pairs.

    None when there is none — the outcome was held before the year began, or no election of its kind came
    before the year: then there is nothing to compare with and no estimate is made (the page and the command
    say so)."""
    code, held_on = outcome
    if not is_outcome_election(year=year, held_on=held_on):
        return None
    kind = election_kind(code)
    earlier = [
        (day, other)
        for other, day in elections
        if election_kind(other) == kind and not is_outcome_election(year=year, held_on=day)
    ]
    return max(earlier)[1] if earlier else None


# --- figures ----------


@dataclass(frozen=True)
class RosterFigures:
    """One roster, or rosters summed (a regency, a province…), against the norms: ``size`` places (the
    roster size × the programme loci), ``filled`` appointed core cadres, ``women`` among them."""

    size: int
    filled: int
    women: int
    min_women_percent: int

    @classmethod
    def of_year(cls, year, *, filled: int, women: int, loci: int = 1) -> RosterFigures:
        """The figures of ``loci`` programme loci of programme year ``year``."""
        return cls(
            size=year.roster_size * loci, filled=filled, women=women, min_women_percent=year.min_women_percent
        )

    @property
    def fill_percent(self) -> int | None:
        return share_percent(self.filled, self.size)

    @property
    def is_full(self) -> bool:
        return not self.roster_short

    @property
    def roster_short(self) -> bool:
        return roster_short(filled=self.filled, size=self.size)

    @property
    def women_share_percent(self) -> int | None:
        return share_percent(self.women, self.filled)

    @property
    def meets_women_minimum(self) -> bool:
        return meets_women_minimum(
            women=self.women, total=self.filled, minimum_percent=self.min_women_percent
        )

    @property
    def women_below_minimum(self) -> bool:
        return women_below_minimum(
            women=self.women, total=self.filled, minimum_percent=self.min_women_percent
        )

    # The names the templates and the PDF read.
    @property
    def women_percent(self) -> int | None:
        return self.women_share_percent

    @property
    def women_ok(self) -> bool:
        return self.meets_women_minimum


@dataclass(frozen=True)
class SessionFigures:
    """Training sessions held against planned, counted per programme locus (``locus_sessions_held``)."""

    held: int
    planned: int

    @classmethod
    def of_year(cls, year, *, held: int, loci: int) -> SessionFigures:
        """Sessions of ``loci`` programme loci of a programme ``year``, planned as the year's per locus."""
        return cls(held=held, planned=year.planned_sessions * loci)


@dataclass(frozen=True)
class ReachFigures:
    """Socialisation activities and the people they reached."""

    activities: int = 0
    men: int = 0
    women: int = 0
    disabled: int = 0
    first_time: int = 0

    @property
    def total(self) -> int:
        return reached(men=self.men, women=self.women)


@dataclass(frozen=True)
class BudgetFigures:
    """Advocacy engagements and the Rupiah they asked for and mobilised (``budget_mobilised``)."""

    engagements: int = 0
    approved: int = 0
    asked: int = 0
    mobilised: int = 0

    def __add__(self, other: BudgetFigures) -> BudgetFigures:
        return BudgetFigures(
            engagements=self.engagements + other.engagements,
            approved=self.approved + other.approved,
            asked=self.asked + other.asked,
            mobilised=self.mobilised + other.mobilised,
        )

    @property
    def mobilised_percent(self) -> int | None:
        """The mobilised budget against the asked one, rounded down (``share_percent``)."""
        return share_percent(self.mobilised, self.asked)


@dataclass(frozen=True)
class ResultFigures:
    """Election results summed over villages (one village, a district, a regency…): the villages and TPS
    counted, the electorate, the voters and the votes; ``illustrative_villages`` of them hold illustrative
    figures (for training and demos, not KPU's results)."""

    villages: int = 0
    polling_stations: int = 0
    registered: int = 0
    additional: int = 0
    voters: int = 0
    valid_votes: int = 0
    invalid_votes: int = 0
    illustrative_villages: int = 0

    @property
    def electorate(self) -> int:
        return electorate(registered=self.registered, additional=self.additional)

    @property
    def turnout_percent(self) -> float | None:
        return turnout_percent(voters=self.voters, registered=self.registered, additional=self.additional)

    @property
    def is_illustrative(self) -> bool:
        return self.illustrative_villages > 0


# --- helpers ----------


def _expression(value):
    """A field name as ``F``, a number as ``Value``; an expression as it is."""
    if isinstance(value, str):
        return F(value)
    if isinstance(value, int):
        return Value(value)
    return value


def _boolean(condition) -> ExpressionWrapper:
    return ExpressionWrapper(Q(condition), output_field=BooleanField())
