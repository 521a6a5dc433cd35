"""Pieces shared by the activity models: the attachment base (photos and PDFs, checked on upload, served only
through a view that restricts first) and the denormalised region fields used for scoping."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from activities.choices import AttachmentKind


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
