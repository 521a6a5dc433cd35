from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/SMK/sederajat")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    S1 = "s1", _("Sarjana (S1/D4)")
    S2 = "s2", _("Magister (S2)")
    S3 = "s3", _("Doktor (S3)")


class CadreStatus(models.TextChoices):
    REGISTERED = "terdaftar", _("Terdaftar")
    VERIFIED = "terverifikasi", _("Terverifikasi")
    INTERVIEWED = "wawancara", _("Wawancara")
    # The same Indonesian word as a designated locus, but a cadre is appointed: its own context.
    APPOINTED = "ditetapkan", pgettext_lazy("status kader", "Ditetapkan")
    ACTIVE = "aktif", _("Aktif")
    INELIGIBLE = "tidak_memenuhi_syarat", _("Tidak memenuhi syarat")
    RESIGNED = "mengundurkan_diri", _("Mengundurkan diri")
    REPLACED = "diganti", _("Diganti")


# A cadre in one of these statuses holds a place: the NIK may not be a cadre elsewhere in the same year.
LIVE_STATUSES = (
    CadreStatus.REGISTERED,
    CadreStatus.VERIFIED,
    CadreStatus.INTERVIEWED,
    CadreStatus.APPOINTED,
    CadreStatus.ACTIVE,
)
# These count against the roster size of the locus.
ROSTER_STATUSES = (CadreStatus.APPOINTED, CadreStatus.ACTIVE)


class NikAccessAction(models.TextChoices):
    VIEW = "lihat", _("Melihat NIK lengkap")
    EXPORT = "ekspor", _("Mengekspor NIK lengkap")
    # A registration refused because the NIK is a cadre outside the user's jurisdiction: the user learnt
    # that the NIK exists somewhere, so it is recorded like a view.
    REFUSED = "tolak", _("Pendaftaran NIK ditolak")
    # The user was throttled after too many refusals and KPU RI's administrators were told (no cadre).
    THROTTLED = "dibatasi", _("Pendaftaran NIK dibatasi dan dilaporkan")


# The administrative checklist of verification (juknis): what the officer confirms before an interview.
VERIFICATION_ITEMS = (
    ("ktp", _("Fotokopi KTP-el sesuai dengan NIK dan nama")),
    ("domisili", _("Berdomisili di desa lokus")),
    ("usia", _("Berusia minimal 17 tahun atau sudah/pernah menikah")),
    ("pernyataan", _("Surat pernyataan bukan anggota partai politik ditandatangani")),
    ("sehat", _("Sehat jasmani dan rohani")),
)
