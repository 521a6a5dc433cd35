"""Choices of the activities app, with Indonesian labels (English in locale/en)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from locus import rules


class Mode(models.TextChoices):
    """How a meeting or a training session is held."""

    ONLINE = "daring", _("Daring")
    IN_PERSON = "luring", _("Luring")
    HYBRID = "hybrid", _("Hybrid")


class FollowUpStatus(models.TextChoices):
    OPEN = "belum", _("Belum dimulai")
    IN_PROGRESS = "proses", _("Dalam proses")
    DONE = "selesai", pgettext_lazy("tindak lanjut", "Selesai")


class AttachmentKind(models.TextChoices):
    PHOTO = "foto", _("Foto")
    DOCUMENT = "dokumen", _("Dokumen")


class AttendanceStatus(models.TextChoices):
    PRESENT = "hadir", _("Hadir")
    ABSENT = "tidak_hadir", _("Tidak hadir")
    EXCUSED = "izin", _("Izin")


class OutreachMethod(models.TextChoices):
    FACE_TO_FACE = "tatap_muka", _("Tatap muka")
    DOOR_TO_DOOR = "door_to_door", _("Dari rumah ke rumah (door to door)")
    GATHERING = "pertemuan_warga", _("Pertemuan warga atau keagamaan")
    SCHOOL = "sekolah", _("Sekolah/kampus")
    RADIO = "radio", _("Radio (mis. RRI)")
    SOCIAL_MEDIA = "media_sosial", _("Media sosial")
    OTHER = "lainnya", _("Lainnya")


class OutreachTopic(models.TextChoices):
    VOTER_REGISTRATION = "pendaftaran_pemilih", _("Pendaftaran dan daftar pemilih")
    ANTI_HOAX = "anti_hoaks", _("Anti hoaks")
    ANTI_MONEY_POLITICS = "anti_politik_uang", _("Anti politik uang")
    ELECTION_DAY = "hari_pemungutan", _("Hari pemungutan dan penghitungan suara")
    PARTICIPATION = "partisipasi", _("Partisipasi pemilih")
    NEUTRALITY = "netralitas", _("Netralitas dan integritas")
    OTHER = "lainnya", _("Lainnya")


class EvaluationStage(models.TextChoices):
    """When in a programme year a locus is evaluated."""

    MIDTERM = "tengah", _("Tengah tahapan")
    END = "akhir", _("Akhir tahapan")


class Assessment(models.TextChoices):
    GOOD = "baik", _("Baik")
    FAIR = "cukup", _("Cukup")
    POOR = "kurang", _("Kurang")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draf", _("Draf")
    SUBMITTED = "diajukan", _("Diajukan")
    RETURNED = "dikembalikan", _("Dikembalikan")
    APPROVED = "disetujui", _("Disetujui")


class ActivityStatus(models.TextChoices):
    """A socialisation activity's review: only accepted activities count (``locus.rules.activity_counts``)."""

    # Every activity an officer records, and a cadre's report once the office accepts it.
    ACCEPTED = rules.ACTIVITY_ACCEPTED, _("Diterima")
    # Reported by a cadre from the app, awaiting the office's review.
    REPORTED = rules.ACTIVITY_REPORTED, _("Dilaporkan kader")
    # Returned to the cadre with a note; the cadre may correct and send it again.
    RETURNED = rules.ACTIVITY_RETURNED, _("Dikembalikan")


class AdvocacyKind(models.TextChoices):
    """How an office engages a party for DP3 (KPU Sulawesi Tengah: an FGD with stakeholders, then a budget
    proposal following the regional budget cycle)."""

    FGD = "fgd", _("Diskusi kelompok terpumpun (FGD)")
    AUDIENCE = "audiensi", _("Audiensi")
    BUDGET_PROPOSAL = "proposal", _("Proposal anggaran")
    AGREEMENT = "mou", _("Nota kesepahaman (MoU)")
    OTHER = "lainnya", _("Lainnya")


class AdvocacyParty(models.TextChoices):
    """The kind of party engaged; its own name ("DPRD Kota Palembang") is typed beside it."""

    REGIONAL_GOVERNMENT = "pemda", _("Pemerintah daerah")
    COUNCIL = "dprd", _("DPRD")
    PLANNING_AGENCY = "bappeda", _("Bappeda")
    UNIVERSITY = "perguruan_tinggi", _("Perguruan tinggi")
    CIVIL_SOCIETY = "masyarakat_sipil", _("Masyarakat sipil")
    OTHER = "lainnya", _("Lainnya")


class AdvocacyStatus(models.TextChoices):
    """What the office put to the party: awaiting its answer, approved or refused. Only an approved
    engagement's committed budget counts as mobilised (``locus.rules.budget_mobilised``)."""

    SUBMITTED = rules.ADVOCACY_SUBMITTED, _("Diajukan")
    APPROVED = rules.ADVOCACY_APPROVED, _("Disetujui")
    REJECTED = rules.ADVOCACY_REJECTED, _("Ditolak")
