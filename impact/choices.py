from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureLevel(models.TextChoices):
    """Where an estimate's figure looks: the whole country, a province or a regency."""

    NATIONAL = "nasional", _("Nasional")
    PROVINCE = "provinsi", _("Provinsi")
    REGENCY = "kabupaten", _("Kabupaten/kota")


class MatchedIn(models.TextChoices):
    """Where a locus found its comparison villages (``impact.services.method.match``)."""

    REGENCY = "kabupaten", _("Di kabupaten/kota yang sama")
    PROVINCE = "provinsi", _("Di provinsi yang sama")
    UNMATCHED = "tanpa_pembanding", _("Tanpa desa pembanding yang cukup mirip")
    NO_RESULTS = "tanpa_hasil", _("Hasil pemilu desa ini belum lengkap")
