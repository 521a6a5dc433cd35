"""Coordination meetings (rapat koordinasi, rakor): who organised them, when (stored in UTC, shown in the
organiser's zone), how, with whom, the agenda, the speakers, the minutes, the decisions and follow-ups."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.choices import FollowUpStatus, Mode
from kernel.scoping import ScopedQuerySet, ScopeLookups

from .base import Attachment, Recorded


class CoordinationMeeting(Recorded):
    organiser = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        verbose_name=_("penyelenggara"),
    )
    programme_year = models.ForeignKey(
        "locus.ProgrammeYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("tahun program"),
    )
    title = models.CharField(_("judul"), max_length=255)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    mode = models.CharField(_("cara pelaksanaan"), max_length=10, choices=Mode.choices)
    venue = models.CharField(_("tempat"), max_length=255, blank=True)
    meeting_link = models.URLField(_("tautan rapat"), max_length=500, blank=True)
    participants = models.ManyToManyField(
        "accounts.Office", related_name="attended_meetings", blank=True, verbose_name=_("kantor peserta")
    )
    summary = models.TextField(_("ringkasan"), blank=True)
    minutes = models.TextField(
        _("notulen"), blank=True, help_text=_("Teks berformat Markdown: judul, daftar, tebal, miring.")
    )
    conclusions = models.TextField(_("kesimpulan"), blank=True)
    minutes_taker = models.CharField(_("notulis"), max_length=150, blank=True)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=150, blank=True)
    signed_place = models.CharField(
        _("tempat penandatanganan"),
        max_length=100,
        blank=True,
        help_text=_("Kota tempat notulen ditandatangani (mis. Kupang). Kosong: nama wilayah penyelenggara."),
    )
    # Denormalised from the organiser on save (None for KPU RI), for scoping without joins.
    province = models.ForeignKey(
        "locus.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    regency = models.ForeignKey(
        "locus.Regency", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    objects = ScopedQuerySet.as_manager()
    # The organiser's jurisdiction may do what its role allows; the offices that took part in the meeting (a
    # regency attending its province's rakor, a province attending KPU RI's) see it too. Changing it stays
    # with the organiser's jurisdiction.
    scope_lookups = ScopeLookups(province="province_id", regency="regency_id", shared_through="participants")
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[participants])

    class Meta:
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")
        ordering = ["-starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["province", "starts_at"]),
            models.Index(fields=["regency", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        organiser = self.organiser
        self.province_id = organiser.province_id
        self.regency_id = organiser.regency_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("activities:meeting_detail", args=[self.pk])

    @property
    def signing_place(self) -> str:
        """Where the minutes are signed: the stated city, else the organiser's region (Jakarta for KPU RI)."""
        if self.signed_place:
            return self.signed_place
        region = self.organiser.region
        return region.name if region else "Jakarta"

    @property
    def time_zone(self) -> str:
        """The organiser's zone (Asia/Jakarta for KPU RI): every time of the meeting is shown in it."""
        return self.organiser.time_zone


class MeetingChild(models.Model):
    """A row that belongs to one meeting and is scoped through it."""

    objects = ScopedQuerySet.as_manager()
    scope_lookups = ScopeLookups(province="meeting__province_id", regency="meeting__regency_id")

    class Meta:
        abstract = True


class MeetingAttendee(MeetingChild):
    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("rapat")
    )
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kantor"),
    )
    institution = models.CharField(
        _("instansi"),
        max_length=150,
        blank=True,
        help_text=_("Bila bukan kantor KPU (mis. pemerintah desa)."),
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("peserta rapat")
        verbose_name_plural = _("peserta rapat")
        ordering = ["meeting_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class MeetingAgendaItem(MeetingChild):
    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("rapat")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    title = models.CharField(_("acara"), max_length=255)
    starts_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda rapat")
        verbose_name_plural = _("agenda rapat")
        ordering = ["meeting_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class MeetingSpeaker(MeetingChild):
    """A narasumber: who spoke, in which position, on what."""

    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("rapat")
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    topic = models.CharField(_("materi"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("narasumber")
        verbose_name_plural = _("narasumber")
        ordering = ["meeting_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class FollowUpAction(MeetingChild):
    """A decision's follow-up: what, by which office, by when, and how far it is."""

    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("rapat")
    )
    description = models.TextField(_("tindak lanjut"))
    responsible = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("penanggung jawab"),
    )
    due_on = models.DateField(_("batas waktu"))
    status = models.CharField(
        _("status"), max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description[:60]


def meeting_attachment_path(instance: "MeetingAttachment", filename: str) -> str:
    return f"rakor/{instance.meeting_id}/{instance.kind}-{filename}"


class MeetingAttachment(MeetingChild, Attachment):
    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("rapat")
    )
    file = models.FileField(_("berkas"), upload_to=meeting_attachment_path, max_length=255)
    history = HistoricalRecords()

    class Meta(Attachment.Meta):
        verbose_name = _("lampiran rapat")
        verbose_name_plural = _("lampiran rapat")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:meeting_attachment", args=[self.pk])
