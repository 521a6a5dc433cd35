"""Socialisation activities (kegiatan sosialisasi) carried out by the cadres of a locus, and the people
reached."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.choices import ActivityStatus, OutreachMethod, OutreachTopic
from activities.querysets import ActivityQuerySet
from kernel.scoping import ScopedQuerySet, ScopeLookups
from locus import rules

from .base import Attachment, LocusRecord


class SocialisationActivity(LocusRecord):
    locus = models.ForeignKey(
        "locus.Locus",
        on_delete=models.PROTECT,
        related_name="socialisation_activities",
        verbose_name=_("lokus"),
    )
    cadres = models.ManyToManyField(
        "cadre.Cadre", related_name="socialisation_activities", verbose_name=_("kader")
    )
    held_on = models.DateField(_("tanggal"))
    village = models.ForeignKey(
        "locus.Village",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desa/kelurahan tempat"),
    )
    method = models.CharField(_("metode"), max_length=20, choices=OutreachMethod.choices)
    topic = models.CharField(_("tema"), max_length=25, choices=OutreachTopic.choices)
    title = models.CharField(_("judul kegiatan"), max_length=255)
    target_segments = models.ManyToManyField(
        "locus.Segment", related_name="+", blank=True, verbose_name=_("sasaran (unsur pemilih)")
    )
    reached_men = models.PositiveIntegerField(_("laki-laki terjangkau"), default=0)
    reached_women = models.PositiveIntegerField(_("perempuan terjangkau"), default=0)
    reached_disabled = models.PositiveIntegerField(
        _("penyandang disabilitas terjangkau"),
        default=0,
        help_text=_("Sudah termasuk dalam jumlah laki-laki dan perempuan."),
    )
    reached_first_time = models.PositiveIntegerField(
        _("pemilih pemula terjangkau"),
        default=0,
        help_text=_("Sudah termasuk dalam jumlah laki-laki dan perempuan."),
    )
    notes = models.TextField(_("catatan"), blank=True)
    # The office's review of a cadre's report: only accepted activities count (``rules.activity_counts``).
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.ACCEPTED
    )
    reported_by = models.ForeignKey(
        "cadre.Cadre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_activities",
        verbose_name=_("dilaporkan oleh"),
    )
    # The id the cadre's phone gives a report, so that sending it again never makes a second activity.
    client_id = models.UUIDField(
        _("id laporan di perangkat"), null=True, blank=True, unique=True, editable=False
    )
    review_note = models.TextField(_("catatan pengembalian"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditinjau oleh"),
    )
    reviewed_at = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)

    objects = ActivityQuerySet.as_manager()
    # A cadre's account sees the activities it carried out or reported (the reporter is among the cadres),
    # never the other cadres' reports of its locus.
    scope_lookups = ScopeLookups(
        province="province_id", regency="regency_id", locus="locus_id", cadre="cadres"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[cadres, target_segments])

    class Meta:
        verbose_name = _("kegiatan sosialisasi")
        verbose_name_plural = _("kegiatan sosialisasi")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reached_disabled__lte=models.F("reached_men") + models.F("reached_women"))
                & Q(reached_first_time__lte=models.F("reached_men") + models.F("reached_women")),
                name="activity_reach_parts_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["programme_year", "regency", "held_on"]),
            models.Index(fields=["locus", "held_on"]),
            # The list's newest first within a year: 25 rows read in order, not every activity sorted.
            models.Index(fields=["programme_year", "-held_on", "-id"], name="activity_year_newest_first"),
            # The reports awaiting review (the action list, the list's filter): few among many accepted.
            models.Index(
                fields=["regency"], condition=Q(status="dilaporkan"), name="activity_reported_by_regency"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", args=[self.pk])

    @property
    def reached_total(self) -> int:
        return rules.reached(men=self.reached_men, women=self.reached_women)


class ActivitySegmentReach(models.Model):
    """People of one voter segment of the programme year reached by an activity: a part of the men and women
    reached (one person may belong to several segments), so never more than that total
    (``activities.services.outreach``). A segment without a row reached nobody. Never read on its own: always
    through its activity, restricted (the activity page, ``selectors.outreach.segment_reach_of``)."""

    activity = models.ForeignKey(
        SocialisationActivity,
        on_delete=models.CASCADE,
        related_name="segment_reach",
        verbose_name=_("kegiatan"),
    )
    segment = models.ForeignKey(
        "locus.Segment", on_delete=models.PROTECT, related_name="+", verbose_name=_("unsur pemilih")
    )
    people = models.PositiveIntegerField(_("orang terjangkau"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jangkauan per unsur pemilih")
        verbose_name_plural = _("jangkauan per unsur pemilih")
        ordering = ["segment__order", "segment__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "segment"], name="activity_segment_reach_once"),
            models.CheckConstraint(condition=Q(people__gt=0), name="activity_segment_reach_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.segment_id}: {self.people}"


def activity_photo_path(instance: "ActivityPhoto", filename: str) -> str:
    return f"sosialisasi/{instance.activity_id}/{instance.kind}-{filename}"


class ActivityPhoto(Attachment):
    """Evidence of an activity: a photo (or a PDF report), served only to those who may see the activity."""

    activity = models.ForeignKey(
        SocialisationActivity, on_delete=models.CASCADE, related_name="photos", verbose_name=_("kegiatan")
    )
    file = models.FileField(_("berkas"), upload_to=activity_photo_path, max_length=255)
    # The id the cadre's phone gives a photo, so that sending it again never stores it twice.
    client_id = models.UUIDField(
        _("id foto di perangkat"), null=True, blank=True, unique=True, editable=False
    )

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(
        province="activity__province_id", regency="activity__regency_id", locus="activity__locus_id"
    )
    history = HistoricalRecords()

    class Meta(Attachment.Meta):
        verbose_name = _("bukti kegiatan")
        verbose_name_plural = _("bukti kegiatan")

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_photo", args=[self.pk])
