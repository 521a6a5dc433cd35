"""Pieces shared by the activity models: the attachment base (photos and PDFs, checked on upload, served only
through a view that restricts first) and the denormalised region fields used for scoping."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.choices import AttachmentKind
from kernel.scoping import ScopeLookups


class Attachment(models.Model):
    """A stored file: kind, title, the checked content type and size, who uploaded it and when.

    Concrete subclasses add the owner foreign key and an ``upload_to``. Files are never served from
    ``MEDIA_URL``: each subclass has a download view that goes through ``restrict``.
    """

    kind = models.CharField(_("jenis"), max_length=10, choices=AttachmentKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    content_type = models.CharField(_("jenis berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diunggah oleh")
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class Recorded(models.Model):
    """Who recorded a record and when it was made and last changed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class LocusRecord(Recorded):
    """A record about one locus (a socialisation activity, an evaluation): its programme year, regency and
    province are copied from the locus on save, for scoping without joins and for the reports; who recorded
    it and when. Concrete subclasses declare ``locus`` (with their own related name) and their manager."""

    programme_year = models.ForeignKey(
        "locus.ProgrammeYear", on_delete=models.PROTECT, related_name="+", editable=False
    )
    regency = models.ForeignKey("locus.Regency", on_delete=models.PROTECT, related_name="+", editable=False)
    province = models.ForeignKey("locus.Province", on_delete=models.PROTECT, related_name="+", editable=False)

    scope_lookups = ScopeLookups(province="province_id", regency="regency_id")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        locus = self.locus
        self.programme_year_id = locus.programme_year_id
        self.regency_id = locus.regency_id
        self.province_id = locus.province_id
        super().save(*args, **kwargs)
