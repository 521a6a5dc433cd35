"""The stored estimate of the programme's effect on turnout (``impact.services``).

An ``ImpactEstimate`` is one programme year × one outcome election: the run's settings, the baseline election
it was compared with, when it was asked for, started and computed, and whether any of its inputs were
illustrative (demo) results. Its figures are ``ImpactFigure`` rows, one per group (the country, each province,
each regency, each category nationally and per province), and one ``LocusEffect`` per designated locus with
its ``LocusMatch`` rows (the comparison villages). The figures are derived: a run replaces them whole.

The estimate's own row holds no figure of any region, so it is not scoped; its figures and the loci's effects
are, by the province and regency codes they carry (``scope_lookups``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.scoping import ScopedQuerySet, ScopeLookups
from locus.choices import LocusCategory
from locus.models import Election, Locus, ProgrammeYear, Village

from .choices import FigureLevel, MatchedIn

# The method's settings (docs/developer/impact.md): three comparison villages per locus, chosen with
# replacement within 0.5 standard deviations (baseline turnout and log electorate, standardised); a
# 95% interval from 1,000 bootstrap draws; a fixed seed, so that the same data give the same figures.
NEIGHBOURS = 3
CALIPER = 0.5
DRAWS = 1000
SEED = 20210101


@dataclass(frozen=True)
class EstimateState:
    """Where an estimate stands: its figures' moment, and whether a run is queued, running or failed."""

    computed_at: dt.datetime | None
    queued: bool
    running: bool
    failed: bool
    error: str

    @property
    def busy(self) -> bool:
        return self.queued or self.running


class ImpactEstimate(models.Model):
    programme_year = models.ForeignKey(
        ProgrammeYear,
        on_delete=models.CASCADE,
        related_name="impact_estimates",
        verbose_name=_("tahun program"),
    )
    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("pemilu/pemilihan sesudah program"),
    )
    baseline = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemilu/pemilihan sebelum program"),
    )
    neighbours = models.PositiveSmallIntegerField(_("desa pembanding per lokus"), default=NEIGHBOURS)
    caliper = models.FloatField(_("batas jarak (simpangan baku)"), default=CALIPER)
    draws = models.PositiveIntegerField(_("jumlah pengambilan ulang (bootstrap)"), default=DRAWS)
    seed = models.PositiveIntegerField(_("benih acak"), default=SEED)
    illustrative = models.BooleanField(_("memakai data ilustrasi"), default=False)
    requested_at = models.DateTimeField(_("diminta"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai dihitung"), null=True, blank=True)
    computed_at = models.DateTimeField(_("selesai dihitung"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gagal"), null=True, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)
    seconds = models.FloatField(_("lama perhitungan (detik)"), null=True, blank=True)

    class Meta:
        verbose_name = _("estimasi dampak")
        verbose_name_plural = _("estimasi dampak")
        ordering = ["-programme_year_id", "-election__held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "election"], name="one_estimate_per_year_election"
            )
        ]

    def __str__(self) -> str:
        return f"DP3 {self.programme_year_id} · {self.election_id}"

    def state(self, now: dt.datetime | None = None) -> EstimateState:
        """A run is *running* from its start until it finishes or fails (a start older than the task's hard
        time limit is a lost worker's, no longer running); a request after the last start is *queued*."""
        now = now or timezone.now()
        finished = max(
            (moment for moment in (self.computed_at, self.failed_at) if moment is not None), default=None
        )
        limit = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        running = (
            self.started_at is not None
            and (finished is None or self.started_at > finished)
            and self.started_at > now - limit
        )
        queued = self.requested_at is not None and (
            self.started_at is None or self.requested_at > self.started_at
        )
        failed = self.failed_at is not None and (
            self.computed_at is None or self.failed_at > self.computed_at
        )
        return EstimateState(
            computed_at=self.computed_at,
            queued=queued,
            running=running,
            failed=failed and not running,
            error=self.error if failed else "",
        )


class ImpactFigure(models.Model):
    """One group's estimate: the loci of the group with results at both elections, how many found
    comparison villages, the mean turnout change of those loci and of their matches, the mean adjustment of
    the matches' changes, the effect (``locus_change - match_change - adjustment``, in percentage points) and
    its 95% interval (None for a group of fewer than ``MIN_INTERVAL_LOCI`` matched loci)."""

    estimate = models.ForeignKey(
        ImpactEstimate, on_delete=models.CASCADE, related_name="figures", verbose_name=_("estimasi")
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=FigureLevel.choices)
    province_code = models.CharField(_("kode provinsi"), max_length=2, blank=True)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5, blank=True)
    category = models.CharField(_("kategori"), max_length=30, choices=LocusCategory.choices, blank=True)
    loci = models.PositiveIntegerField(_("lokus dengan hasil kedua pemilu"))
    matched = models.PositiveIntegerField(_("lokus berpembanding"))
    missing_results = models.PositiveIntegerField(_("lokus tanpa hasil lengkap"), default=0)
    controls = models.PositiveIntegerField(_("desa pembanding dipakai"))
    locus_baseline = models.FloatField(_("partisipasi awal lokus (%)"), null=True)
    match_baseline = models.FloatField(_("partisipasi awal pembanding (%)"), null=True)
    locus_change = models.FloatField(_("perubahan partisipasi lokus (poin)"), null=True)
    match_change = models.FloatField(_("perubahan partisipasi pembanding (poin)"), null=True)
    adjustment = models.FloatField(_("penyesuaian pembanding (poin)"), null=True)
    effect = models.FloatField(_("selisih perubahan (poin)"), null=True)
    low = models.FloatField(_("batas bawah 95%"), null=True)
    high = models.FloatField(_("batas atas 95%"), null=True)

    objects = ScopedQuerySet.as_manager()
    # The country's rows carry no province: only a national jurisdiction sees them.
    scope_lookups = ScopeLookups(province="province_code", regency="regency_code")

    class Meta:
        verbose_name = _("angka dampak")
        verbose_name_plural = _("angka dampak")
        ordering = ["level", "province_code", "regency_code", "category"]
        indexes = [
            models.Index(fields=["estimate", "province_code", "regency_code"], name="impact_figure_place")
        ]

    def __str__(self) -> str:
        return f"{self.estimate_id} {self.level} {self.regency_code or self.province_code} {self.category}"

    @property
    def region_code(self) -> str:
        return self.regency_code or self.province_code

    @property
    def unmatched(self) -> int:
        return self.loci - self.matched

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def excludes_zero(self) -> bool:
        return self.has_interval and (self.low > 0 or self.high < 0)


class LocusEffect(models.Model):
    """One designated locus in an estimate: its turnout at both elections, where its comparison villages
    were found (or why none) and its own effect: its change minus the mean (adjusted) change of its
    matches."""

    estimate = models.ForeignKey(
        ImpactEstimate, on_delete=models.CASCADE, related_name="locus_effects", verbose_name=_("estimasi")
    )
    locus = models.ForeignKey(Locus, on_delete=models.CASCADE, related_name="+", verbose_name=_("lokus"))
    province_code = models.CharField(_("kode provinsi"), max_length=2)
    regency_code = models.CharField(_("kode kabupaten/kota"), max_length=5)
    category = models.CharField(_("kategori"), max_length=30, choices=LocusCategory.choices)
    matched_in = models.CharField(_("pembanding"), max_length=20, choices=MatchedIn.choices)
    baseline_turnout = models.FloatField(_("partisipasi sebelum (%)"), null=True)
    outcome_turnout = models.FloatField(_("partisipasi sesudah (%)"), null=True)
    electorate = models.PositiveIntegerField(_("pemilih (sebelum)"), null=True)
    match_change = models.FloatField(_("perubahan rata-rata pembanding (poin)"), null=True)
    adjustment = models.FloatField(_("penyesuaian pembanding (poin)"), null=True)
    effect = models.FloatField(_("selisih perubahan (poin)"), null=True)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="province_code", regency="regency_code")

    class Meta:
        verbose_name = _("dampak lokus")
        verbose_name_plural = _("dampak lokus")
        ordering = ["regency_code", "locus_id"]
        constraints = [
            models.UniqueConstraint(fields=["estimate", "locus"], name="one_effect_per_estimate_locus")
        ]
        indexes = [models.Index(fields=["estimate", "regency_code"], name="impact_effect_regency")]

    def __str__(self) -> str:
        return f"{self.estimate_id} · {self.locus_id}"

    @property
    def change(self) -> float | None:
        if self.baseline_turnout is None or self.outcome_turnout is None:
            return None
        return self.outcome_turnout - self.baseline_turnout

    @property
    def is_matched(self) -> bool:
        return self.matched_in in (MatchedIn.REGENCY, MatchedIn.PROVINCE)


class LocusMatch(models.Model):
    """A comparison village of a locus: its rank (1 the nearest), its standardised distance and its turnout
    at both elections. A village may be the match of several loci (matching with replacement)."""

    effect = models.ForeignKey(
        LocusEffect, on_delete=models.CASCADE, related_name="matches", verbose_name=_("dampak lokus")
    )
    control = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa pembanding")
    )
    rank = models.PositiveSmallIntegerField(_("urutan"))
    distance = models.FloatField(_("jarak"))
    baseline_turnout = models.FloatField(_("partisipasi sebelum (%)"))
    outcome_turnout = models.FloatField(_("partisipasi sesudah (%)"))
    electorate = models.PositiveIntegerField(_("pemilih (sebelum)"))

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="effect__province_code", regency="effect__regency_code")

    class Meta:
        verbose_name = _("desa pembanding")
        verbose_name_plural = _("desa pembanding")
        ordering = ["effect_id", "rank"]

    def __str__(self) -> str:
        return f"{self.effect_id} #{self.rank}: {self.control_id}"

    @property
    def change(self) -> float:
        return self.outcome_turnout - self.baseline_turnout
