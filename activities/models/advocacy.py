"""Advocacy and stakeholder engagements (advokasi): how a KPU office makes DP3 known to its regional
government, council, planning agency, universities and civil society, and the budget it asks them for and
obtains. KPU Sulawesi Tengah held FGDs with stakeholders, then made a budget proposal following the regional
budget cycle; KPU Kota Palembang's cadre training is funded by the city government and its DPRD."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.choices import AdvocacyKind, AdvocacyParty, AdvocacyStatus
from kernel.scoping import ScopedQuerySet, ScopeLookups
from locus import rules

from .base import Attachment, Recorded


class AdvocacyEngagement(Recorded):
    """One engagement of a province or regency office with a party: an FGD, an audience, a budget proposal,
    an MoU. The Rupiah asked and committed are whole numbers; a committed budget belongs to an approved
    engagement only and never exceeds what was asked (``rules.commitment_allowed``, checked by the database
    too)."""

    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="advocacy_engagements",
        verbose_name=_("kantor"),
    )
    programme_year = models.ForeignKey(
        "locus.ProgrammeYear",
        on_delete=models.PROTECT,
        related_name="advocacy_engagements",
        verbose_name=_("tahun program"),
    )
    kind = models.CharField(_("bentuk kegiatan"), max_length=10, choices=AdvocacyKind.choices)
    party_kind = models.CharField(_("pihak"), max_length=20, choices=AdvocacyParty.choices)
    party_name = models.CharField(_("nama pihak"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    title = models.CharField(_("judul"), max_length=255)
    summary = models.TextField(_("ringkasan"), blank=True)
    budget_asked = models.PositiveBigIntegerField(_("anggaran diajukan (Rp)"), default=0)
    budget_committed = models.PositiveBigIntegerField(_("anggaran disetujui (Rp)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=AdvocacyStatus.choices, default=AdvocacyStatus.SUBMITTED
    )
    decided_on = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    # Denormalised from the office on save (a province office has no regency), for scoping without joins and
    # for the dashboards' sums by province and regency.
    province = models.ForeignKey("locus.Province", on_delete=models.PROTECT, related_name="+", editable=False)
    regency = models.ForeignKey(
        "locus.Regency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    objects = ScopedQuerySet.as_manager()
    # The office's jurisdiction sees it (a province its regencies' engagements too, KPU RI all); writing stays
    # with the office's own staff (``activities.services.advocacy.may_record``).
    scope_lookups = ScopeLookups(province="province_id", regency="regency_id")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("advokasi")
        verbose_name_plural = _("advokasi")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=rules.ADVOCACY_APPROVED) | Q(budget_committed=0),
                name="advocacy_committed_only_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(budget_committed__lte=F("budget_asked")),
                name="advocacy_committed_within_asked",
            ),
            models.CheckConstraint(
                condition=Q(status=rules.ADVOCACY_SUBMITTED, decided_on__isnull=True)
                | Q(status__in=rules.DECIDED_ADVOCACY_STATUSES, decided_on__isnull=False),
                name="advocacy_decided_on_when_decided",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("held_on")),
                name="advocacy_decided_after_held",
            ),
        ]
        indexes = [
            models.Index(fields=["programme_year", "province"], name="advocacy_year_province"),
            models.Index(fields=["programme_year", "regency"], name="advocacy_year_regency"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        office = self.office
        self.province_id = office.province_id
        self.regency_id = office.regency_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:advocacy_detail", args=[self.pk])

    @property
    def budget_mobilised(self) -> int:
        return rules.budget_mobilised(status=self.status, committed=self.budget_committed)

    @property
    def time_zone(self) -> str:
        return self.office.time_zone


def advocacy_document_path(instance: "AdvocacyDocument", filename: str) -> str:
    return f"advokasi/{instance.engagement_id}/{instance.kind}-{filename}"


class AdvocacyDocument(Attachment):
    """A document of an engagement (the proposal, an invitation, the minutes of an FGD, a signed MoU, a
    photo): served only to those who may see the engagement (``activities:advocacy_document``)."""

    engagement = models.ForeignKey(
        AdvocacyEngagement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("advokasi")
    )
    file = models.FileField(_("berkas"), upload_to=advocacy_document_path, max_length=255)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="engagement__province_id", regency="engagement__regency_id")
    history = HistoricalRecords()

    class Meta(Attachment.Meta):
        verbose_name = _("dokumen advokasi")
        verbose_name_plural = _("dokumen advokasi")

    def get_absolute_url(self) -> str:
        return reverse("activities:advocacy_document", args=[self.pk])
