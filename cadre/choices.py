from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from locus import rules


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = rules.FEMALE, _("Perempuan")


class Education(models.TextChoices):
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/SMK/sederajat")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    S1 = "s1", _("Sarjana (S1/D4)")
    S2 = "s2", _("Magister (S2)")
    S3 = "s3", _("Doktor (S3)")


class CadreStatus(models.TextChoices):
    # The statuses the programme rules speak of take their values from ``locus.rules``.
    REGISTERED = rules.REGISTERED, _("Terdaftar")
    VERIFIED = rules.VERIFIED, _("Terverifikasi")
    INTERVIEWED = rules.INTERVIEWED, _("Wawancara")
    # The same Indonesian word as a designated locus, but a cadre is appointed: its own context.
    APPOINTED = rules.APPOINTED, pgettext_lazy("status kader", "Ditetapkan")
    ACTIVE = rules.ACTIVE, _("Aktif")
    INELIGIBLE = "tidak_memenuhi_syarat", _("Tidak memenuhi syarat")
    RESIGNED = "mengundurkan_diri", _("Mengundurkan diri")
    REPLACED = "diganti", _("Diganti")


# The programme rules' statuses (``locus.rules``) as members of ``CadreStatus``. A cadre in a live status
# holds a place: the NIK may not be a cadre elsewhere in the same year. Appointed and active core cadres fill
# the roster (``rules.counts_on_roster``).
LIVE_STATUSES = tuple(CadreStatus(status) for status in rules.LIVE_STATUSES)
ROSTER_STATUSES = tuple(CadreStatus(status) for status in rules.APPOINTED_STATUSES)


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
