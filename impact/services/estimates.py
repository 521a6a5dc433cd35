"""Computing and storing an estimate: the inputs read from the results and the loci, the method
(``impact.services.method``) run on them, and its figures stored whole in one transaction.

``estimate_compute`` is what the worker's task, ``manage.py estimate_impact`` and the demo call. It reads
every village's results at the two elections (two queries), the year's designated loci and the villages that
were ever loci (two), runs the method and replaces the estimate's figures, loci and matches.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impact.choices import FigureLevel, MatchedIn
from impact.models import ImpactEstimate, ImpactFigure, LocusEffect, LocusMatch
from locus import rules
from locus.models import Election, Locus, ProgrammeYear, VillageResult

from . import method

logger = logging.getLogger(__name__)

BATCH = 2000


# --- which elections ----------


def baseline_for(
    *, year: int, election: Election, elections: list[Election] | None = None
) -> Election | None:
    """The baseline election of ``year`` and the outcome ``election`` (``locus.rules.baseline_election``)."""
    elections = elections if elections is not None else list(Election.objects.all())
    code = rules.baseline_election(
        year=year,
        outcome=(election.code, election.held_on),
        elections=[(other.code, other.held_on) for other in elections],
    )
    return next((other for other in elections if other.code == code), None)


def check_pair(*, year: int, election: str) -> tuple[ProgrammeYear, Election, Election]:
    """The programme year, the outcome election and its baseline, or a ValidationError saying why not (an
    unknown year or election, an election held before the year began, no earlier election of its kind)."""
    programme_year = ProgrammeYear.objects.filter(year=year).first()
    if programme_year is None:
        raise ValidationError({"year": _("Tahun program %(year)s tidak ada.") % {"year": year}})
    elections = list(Election.objects.all())
    outcome = next((other for other in elections if other.code == election), None)
    if outcome is None:
        raise ValidationError({"election": _("Pemilu/pemilihan %(code)s tidak ada.") % {"code": election}})
    if not rules.is_outcome_election(year=year, held_on=outcome.held_on):
        raise ValidationError(
            {
                "election": _(
                    "%(election)s diselenggarakan sebelum tahun program %(year)s dimulai, sehingga "
                    "tidak dapat menunjukkan dampaknya."
                )
                % {"election": outcome.name, "year": year}
            }
        )
    baseline = baseline_for(year=year, election=outcome, elections=elections)
    if baseline is None:
        raise ValidationError({"election": no_baseline_message(year=year, election=outcome)})
    return programme_year, outcome, baseline


def no_baseline_message(*, year: int, election: Election) -> str:
    return _(
        "Tidak ada pemilu/pemilihan sejenis (%(kind)s) sebelum tahun program %(year)s sebagai pembanding "
        "%(election)s: dampak tidak dapat dihitung."
    ) % {"kind": rules.election_kind(election.code), "year": year, "election": election.name}


# --- the inputs ----------


@dataclass(frozen=True)
class Inputs:
    """What the method needs, read from the database: the villages with results at both elections (sorted
    by code), the year's designated loci with results (positions in ``villages``) and those without."""

    codes: np.ndarray
    regency_codes: np.ndarray
    province_codes: np.ndarray
    villages: method.Villages
    loci: np.ndarray  # positions of the loci with results in ``villages``
    locus_ids: np.ndarray
    locus_categories: np.ndarray
    missing: list[tuple[int, str, str, str]]  # (locus id, category, province code, regency code)
    illustrative: bool


def _results(election: Election):
    """A village's electorate, voters and kind at one election, sorted by village code: (codes, kinds,
    electorate, voters, illustrative)."""
    rows = list(
        VillageResult.objects.filter(election_id=election.pk)
        .order_by("village_id")
        .values_list("village_id", "village__kind", "registered", "additional", "voters", "illustrative")
    )
    if not rows:
        return np.array([], dtype="U13"), [], np.array([], dtype=np.int64), np.array([]), False
    codes, kinds, registered, additional, voters, illustrative = zip(*rows, strict=True)
    electorate = np.asarray(registered, dtype=np.int64) + np.asarray(additional, dtype=np.int64)
    return np.asarray(codes), kinds, electorate, np.asarray(voters, dtype=float), any(illustrative)


def load_inputs(*, year: int, baseline: Election, outcome: Election) -> Inputs:
    base_codes, base_kinds, base_electorate, base_voters, base_illustrative = _results(baseline)
    out_codes, _kinds, out_electorate, out_voters, out_illustrative = _results(outcome)
    codes, at_base, at_out = np.intersect1d(base_codes, out_codes, assume_unique=True, return_indices=True)
    # Turnout is defined where someone could vote at both elections (``VillageResult.turnout``).
    usable = (base_electorate[at_base] > 0) & (out_electorate[at_out] > 0)
    codes, at_base, at_out = codes[usable], at_base[usable], at_out[usable]
    electorate = base_electorate[at_base]
    baseline_turnout = 100 * base_voters[at_base] / electorate
    outcome_turnout = 100 * out_voters[at_out] / out_electorate[at_out]
    _names, kinds = np.unique(np.asarray(base_kinds, dtype=str)[at_base], return_inverse=True)
    regency_codes = np.asarray([code[:5] for code in codes.tolist()], dtype="U5")
    province_codes = np.asarray([code[:2] for code in codes.tolist()], dtype="U2")
    _r, regencies = np.unique(regency_codes, return_inverse=True)
    _p, provinces = np.unique(province_codes, return_inverse=True)

    excluded = np.asarray(
        sorted(set(Locus.objects.filter(rules.not_comparison_q()).values_list("village_id", flat=True))),
        dtype="U13",
    )
    comparison = ~np.isin(codes, excluded)
    loci_rows = list(
        Locus.objects.filter(rules.treated_locus_q(), programme_year_id=year)
        .order_by("village_id", "pk")
        .values_list("pk", "village_id", "category", "province_id", "regency_id")
    )
    positions = np.searchsorted(codes, np.asarray([row[1] for row in loci_rows], dtype="U13"))
    found = [
        position < len(codes) and codes[position] == row[1]
        for position, row in zip(positions.tolist(), loci_rows, strict=True)
    ]
    with_results = [
        (row, position) for row, position, ok in zip(loci_rows, positions.tolist(), found, strict=True) if ok
    ]
    missing = [(row[0], row[2], row[3], row[4]) for row, ok in zip(loci_rows, found, strict=True) if not ok]
    return Inputs(
        codes=codes,
        regency_codes=regency_codes,
        province_codes=province_codes,
        villages=method.Villages(
            kind=kinds.astype(np.int64),
            regency=regencies.astype(np.int64),
            province=provinces.astype(np.int64),
            baseline=baseline_turnout,
            outcome=outcome_turnout,
            electorate=electorate,
            comparison=comparison,
        ),
        loci=np.asarray([position for _row, position in with_results], dtype=np.int64),
        locus_ids=np.asarray([row[0] for row, _position in with_results], dtype=np.int64),
        locus_categories=np.asarray([row[2] for row, _position in with_results], dtype=object),
        missing=missing,
        illustrative=base_illustrative or out_illustrative,
    )


# --- the groups ----------


@dataclass(frozen=True)
class Group:
    level: str
    province_code: str = ""
    regency_code: str = ""
    category: str = ""

    @property
    def key(self) -> str:
        return f"{self.level}:{self.regency_code or self.province_code}:{self.category}"


def _groups(inputs: Inputs) -> dict[Group, np.ndarray]:
    """The loci of every group: the country, each province and regency with a designated locus, each
    category nationally and within each province (positions in ``inputs.loci``)."""
    provinces = inputs.province_codes[inputs.loci].astype(str)
    regencies = inputs.regency_codes[inputs.loci].astype(str)
    categories = inputs.locus_categories.astype(str)
    province_category = np.char.add(np.char.add(provinces, "|"), categories) if len(provinces) else provinces
    labelled = method.groups_of(
        {
            "province": provinces,
            "regency": regencies,
            "category": categories,
            "province_category": province_category,
        }
    )
    groups: dict[Group, np.ndarray] = {Group(FigureLevel.NATIONAL): np.arange(len(inputs.loci))}
    for label, members in labelled.items():
        kind, value = label.split(":", 1)
        if kind == "province":
            groups[Group(FigureLevel.PROVINCE, province_code=value)] = members
        elif kind == "regency":
            groups[Group(FigureLevel.REGENCY, province_code=value[:2], regency_code=value)] = members
        elif kind == "category":
            groups[Group(FigureLevel.NATIONAL, category=value)] = members
        else:
            province, category = value.split("|", 1)
            groups[Group(FigureLevel.PROVINCE, province_code=province, category=category)] = members
    # Places and categories whose designated loci all lack results still get a row (their count).
    for _locus_id, category, province, regency in inputs.missing:
        for group in (
            Group(FigureLevel.PROVINCE, province_code=province),
            Group(FigureLevel.REGENCY, province_code=province, regency_code=regency),
            Group(FigureLevel.NATIONAL, category=category),
            Group(FigureLevel.PROVINCE, province_code=province, category=category),
        ):
            groups.setdefault(group, np.array([], dtype=np.int64))
    return groups


def _missing_counts(inputs: Inputs) -> Counter:
    """The designated loci without results at both elections, counted by every group they belong to."""
    counts: Counter = Counter()
    for _locus_id, category, province, regency in inputs.missing:
        counts.update(
            [
                Group(FigureLevel.NATIONAL),
                Group(FigureLevel.PROVINCE, province_code=province),
                Group(FigureLevel.REGENCY, province_code=province, regency_code=regency),
                Group(FigureLevel.NATIONAL, category=category),
                Group(FigureLevel.PROVINCE, province_code=province, category=category),
            ]
        )
    return counts


def _number(value) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 4)


# --- the run ----------


def _mark(estimate: ImpactEstimate, **fields) -> None:
    ImpactEstimate.objects.filter(pk=estimate.pk).update(**fields)
    for name, value in fields.items():
        setattr(estimate, name, value)


def estimate_compute(
    *,
    year: int,
    election: str,
    draws: int | None = None,
    seed: int | None = None,
) -> ImpactEstimate:
    """Compute the estimate of programme year ``year`` at the outcome ``election`` (a code) and store it,
    replacing its earlier figures. ValidationError when the pair cannot be estimated (``check_pair``)."""
    programme_year, outcome, baseline = check_pair(year=year, election=election)
    estimate, _created = ImpactEstimate.objects.get_or_create(programme_year=programme_year, election=outcome)
    if draws is not None:
        estimate.draws = draws
    if seed is not None:
        estimate.seed = seed
    started = timezone.now()
    _mark(estimate, started_at=started)
    clock = time.perf_counter()
    try:
        inputs = load_inputs(year=year, baseline=baseline, outcome=outcome)
        settings = method.Settings(
            neighbours=estimate.neighbours, caliper=estimate.caliper, draws=estimate.draws, seed=estimate.seed
        )
        matching = method.match(inputs.villages, inputs.loci, settings)
        result = method.effects(inputs.villages, inputs.loci, matching, adjust=settings.adjust)
        missing = _missing_counts(inputs)
        figures = [
            _figure(group, members, inputs, matching, result, settings, missing=missing[group])
            for group, members in _groups(inputs).items()
        ]
        estimate = _store(
            estimate, inputs, matching, result, figures, baseline=baseline, started=started, clock=clock
        )
    except Exception:
        logger.exception("impact estimate %s/%s failed", year, election)
        _mark(
            estimate, failed_at=timezone.now(), error=_("Perhitungan gagal. Admin dapat melihat catatannya.")
        )
        raise
    return estimate


def _figure(
    group: Group, members, inputs: Inputs, matching, result, settings, *, missing: int
) -> ImpactFigure:
    figure = method.group_figure(members, inputs.villages, inputs.loci, matching, result, settings, group.key)
    return ImpactFigure(
        level=group.level,
        province_code=group.province_code,
        regency_code=group.regency_code,
        category=group.category,
        loci=figure.loci,
        matched=figure.matched,
        missing_results=missing,
        controls=figure.controls,
        locus_baseline=_number(figure.locus_baseline),
        match_baseline=_number(figure.match_baseline),
        locus_change=_number(figure.locus_change),
        match_change=_number(figure.match_change),
        adjustment=_number(figure.adjustment),
        effect=_number(figure.effect),
        low=_number(figure.low),
        high=_number(figure.high),
    )


@transaction.atomic
def _store(
    estimate, inputs: Inputs, matching, result, figures, *, baseline, started, clock
) -> ImpactEstimate:
    estimate = ImpactEstimate.objects.select_for_update().get(pk=estimate.pk)
    LocusMatch.objects.filter(effect__estimate=estimate).delete()
    LocusEffect.objects.filter(estimate=estimate).delete()
    ImpactFigure.objects.filter(estimate=estimate).delete()
    for figure in figures:
        figure.estimate = estimate
    ImpactFigure.objects.bulk_create(figures, batch_size=BATCH)
    villages = inputs.villages
    level_names = {
        method.IN_REGENCY: MatchedIn.REGENCY,
        method.IN_PROVINCE: MatchedIn.PROVINCE,
        method.UNMATCHED: MatchedIn.UNMATCHED,
    }
    effects = []
    for row, position in enumerate(inputs.loci.tolist()):
        effects.append(
            LocusEffect(
                estimate=estimate,
                locus_id=int(inputs.locus_ids[row]),
                province_code=str(inputs.province_codes[position]),
                regency_code=str(inputs.regency_codes[position]),
                category=str(inputs.locus_categories[row]),
                matched_in=level_names[int(matching.level[row])],
                baseline_turnout=_number(villages.baseline[position]),
                outcome_turnout=_number(villages.outcome[position]),
                electorate=int(villages.electorate[position]),
                match_change=_number(result.match_change[row]),
                adjustment=_number(result.adjustment[row]),
                effect=_number(result.effect[row]),
            )
        )
    for locus_id, category, province, regency in inputs.missing:
        effects.append(
            LocusEffect(
                estimate=estimate,
                locus_id=locus_id,
                province_code=province,
                regency_code=regency,
                category=category,
                matched_in=MatchedIn.NO_RESULTS,
            )
        )
    LocusEffect.objects.bulk_create(effects, batch_size=BATCH)
    matches = []
    for row in np.flatnonzero(matching.matched).tolist():
        effect = effects[row]
        for rank, (village, distance) in enumerate(
            zip(matching.matches[row].tolist(), matching.distances[row].tolist(), strict=True), start=1
        ):
            if village < 0:
                continue
            matches.append(
                LocusMatch(
                    effect_id=effect.pk,
                    control_id=str(inputs.codes[village]),
                    rank=rank,
                    distance=round(distance, 4),
                    baseline_turnout=_number(villages.baseline[village]),
                    outcome_turnout=_number(villages.outcome[village]),
                    electorate=int(villages.electorate[village]),
                )
            )
    LocusMatch.objects.bulk_create(matches, batch_size=BATCH)
    finished = timezone.now()
    fields = {
        "baseline": baseline,
        "illustrative": inputs.illustrative,
        "computed_at": finished,
        "started_at": started,
        "failed_at": None,
        "error": "",
        "draws": estimate.draws,
        "seed": estimate.seed,
        "seconds": round(time.perf_counter() - clock, 3),
    }
    for name, value in fields.items():
        setattr(estimate, name, value)
    estimate.save(update_fields=list(fields))
    return estimate
