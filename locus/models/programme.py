"""The programme year (its stage, roster rules and voter segments) and the elections whose figures are used
as evidence for selecting loci."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from locus import rules
from locus.choices import StageAim

# ``Cadre.segment_mask`` is a signed 64-bit integer: bits 0 to 62.
MAX_SEGMENT_BIT = 62

# The juknis' segments (migration 0004), by code: the stored Indonesian name and its translation (context
# "unsur pemilih": here "Perempuan" is a segment, not a sex). The database keeps the Indonesian name
# (imports match it); pages show ``Segment.label``, in the reader's language.
SEGMENT_NAMES = {
    "perempuan": ("Perempuan", pgettext_lazy("unsur pemilih", "Perempuan")),
    "penyandang-disabilitas": (
        "Penyandang Disabilitas",
        pgettext_lazy("unsur pemilih", "Penyandang Disabilitas"),
    ),
    "pemilih-pemula": ("Pemilih Pemula", pgettext_lazy("unsur pemilih", "Pemilih Pemula")),
    "pemilih-muda": ("Pemilih Muda", pgettext_lazy("unsur pemilih", "Pemilih Muda")),
    "tokoh-agama": ("Tokoh Agama", pgettext_lazy("unsur pemilih", "Tokoh Agama")),
    "tokoh-adat": ("Tokoh Adat", pgettext_lazy("unsur pemilih", "Tokoh Adat")),
    "tokoh-masyarakat": ("Tokoh Masyarakat", pgettext_lazy("unsur pemilih", "Tokoh Masyarakat")),
    "kader-pkk": ("Kader PKK", pgettext_lazy("unsur pemilih", "Kader PKK")),
    "kader-posyandu": ("Kader Posyandu", pgettext_lazy("unsur pemilih", "Kader Posyandu")),
    "karang-taruna": ("Karang Taruna", pgettext_lazy("unsur pemilih", "Karang Taruna")),
    "mantan-badan-ad-hoc": ("Mantan Badan Ad Hoc", pgettext_lazy("unsur pemilih", "Mantan Badan Ad Hoc")),
}


def segment_label(code: str, name: str) -> str:
    """A segment's name in the active language: the translation of a juknis segment whose stored name is
    still the juknis' own, otherwise the stored name as written (one an administrator added or renamed)."""
    stored, translated = SEGMENT_NAMES.get(code, ("", ""))
    return str(translated) if stored == name else name


class Segment(models.Model):
    """A voter segment (unsur/basis pemilih) a cadre may represent: Perempuan, Pemilih Pemula, ..."""

    code = models.SlugField(_("kode"), max_length=40, primary_key=True)
    name = models.CharField(_("nama"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # The segment's bit in ``Cadre.segment_mask`` (kept by database triggers on the cadre–segment table):
    # fixed for good once given, so that masks stored on cadres keep their meaning.
    bit = models.PositiveSmallIntegerField(
        _("bit"), unique=True, editable=False, validators=[MaxValueValidator(MAX_SEGMENT_BIT)]
    )

    class Meta:
        verbose_name = _("unsur pemilih")
        verbose_name_plural = _("unsur pemilih")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        if self.bit is None:
            # The next free bit. Segments are added by an administrator, one at a time.
            taken = Segment.objects.aggregate(models.Max("bit"))["bit__max"]
            self.bit = 0 if taken is None else taken + 1
        if self.bit > MAX_SEGMENT_BIT:
            raise ValueError(f"at most {MAX_SEGMENT_BIT + 1} segments fit in Cadre.segment_mask")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The name to show, in the active language (``segment_label``)."""
        return segment_label(self.code, self.name)

    @staticmethod
    def mask_of(segments) -> int:
        """The mask of these segments, as ``Cadre.segment_mask`` stores it (``rules.segment_mask``)."""
        return rules.segment_mask(segments)


class ProgrammeYear(models.Model):
    year = models.PositiveSmallIntegerField(
        _("tahun"), primary_key=True, validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    aim = models.CharField(_("tujuan tahapan"), max_length=20, choices=StageAim.choices)
    description = models.TextField(_("keterangan"), blank=True)
    roster_size = models.PositiveSmallIntegerField(
        _("jumlah kader per lokus"),
        default=rules.ROSTER_SIZE,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    min_women_percent = models.PositiveSmallIntegerField(
        _("keterwakilan perempuan minimal (%)"),
        default=rules.MIN_WOMEN_PERCENT,
        validators=[MaxValueValidator(100)],
    )
    planned_sessions = models.PositiveSmallIntegerField(
        _("jumlah sesi pembekalan direncanakan"),
        default=rules.PLANNED_SESSIONS,
        validators=[MaxValueValidator(100)],
    )
    segments = models.ManyToManyField(
        Segment,
        related_name="programme_years",
        verbose_name=_("unsur pemilih yang dapat dipilih"),
        blank=True,
    )
    required_segments = models.ManyToManyField(
        Segment,
        related_name="required_in_years",
        verbose_name=_("unsur pemilih yang wajib terwakili"),
        blank=True,
    )

    class Meta:
        verbose_name = _("tahun program")
        verbose_name_plural = _("tahun program")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"DP3 {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("locus:programmeyear_detail", args=[self.year])


class Election(models.Model):
    """An election whose results serve as evidence: Pemilu 2019, Pilkada 2020, ..."""

    code = models.SlugField(_("kode"), max_length=30, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    held_on = models.DateField(_("tanggal pemungutan suara"))

    class Meta:
        verbose_name = _("pemilu/pemilihan")
        verbose_name_plural = _("pemilu/pemilihan")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.name
