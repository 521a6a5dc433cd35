from django.db import models
from django.utils.translation import gettext_lazy as _


class StageAim(models.TextChoices):
    KNOWLEDGE = "pengetahuan", _("Pengetahuan (sosialisasi)")
    AWARENESS = "kesadaran", _("Kesadaran politik")
    VOLUNTEERING = "kerelawanan", _("Kerelawanan")
    DEMOCRATIC_CLIMATE = "iklim_demokrasi", _("Iklim demokrasi")


class LocusCategory(models.TextChoices):
    """Exactly the three categories of the juknis (Keputusan KPU 290/2021)."""

    LOW_TURNOUT = "partisipasi_rendah", _("Partisipasi Rendah")
    CONFLICT_DISASTER = "rawan_konflik_bencana", _("Rawan Konflik/Bencana")
    HIGH_VIOLATION = "potensi_pelanggaran_tinggi", _("Potensi Pelanggaran Tinggi")


class LocusStatus(models.TextChoices):
    PROPOSED = "usulan", _("Diusulkan")
    DESIGNATED = "ditetapkan", _("Ditetapkan")
    AGREEMENT_SIGNED = "pks", _("PKS Ditandatangani")
    ACTIVE = "aktif", _("Aktif")
    CLOSED = "selesai", _("Selesai")
    REJECTED = "ditolak", _("Ditolak")
    CANCELLED = "dibatalkan", _("Dibatalkan")


# Loci still at work: cadres may be registered and trained, and what is missing needs attention.
RECRUITING_LOCUS_STATUSES = (LocusStatus.DESIGNATED, LocusStatus.AGREEMENT_SIGNED, LocusStatus.ACTIVE)
# Loci designated or later, closed ones included: they carry a roster and its training sessions (what recaps
# and dashboards count).
PROGRAMME_LOCUS_STATUSES = (*RECRUITING_LOCUS_STATUSES, LocusStatus.CLOSED)


class DocumentKind(models.TextChoices):
    DECREE = "sk", _("Surat Keputusan (SK)")
    AGREEMENT = "pks", _("Perjanjian Kerja Sama (PKS)")
    OTHER = "lainnya", _("Dokumen lain")


class IncidentKind(models.TextChoices):
    SOCIAL_CONFLICT = "konflik_sosial", _("Konflik sosial")
    ELECTION_CONFLICT = "konflik_pemilu", _("Konflik terkait pemilu/pemilihan")
    FLOOD = "banjir", _("Banjir")
    LANDSLIDE = "tanah_longsor", _("Tanah longsor")
    FOREST_FIRE = "kebakaran_hutan", _("Kebakaran hutan dan lahan")
    EARTHQUAKE = "gempa_bumi", _("Gempa bumi")
    VOLCANO = "erupsi_gunung_api", _("Erupsi gunung api")
    TSUNAMI = "tsunami", _("Tsunami")
    OTHER = "lainnya", _("Lainnya")


class MilestoneKind(models.TextChoices):
    """The milestones KPU RI schedules for every locus of a programme year (``locus.Milestone``), in the
    order of the year's calendar."""

    MAPPING = "pemetaan", _("Pemetaan")
    DECREE = "sk", _("SK penetapan lokus")
    AGREEMENT = "pks", _("PKS dengan pemerintah desa")
    RECRUITMENT = "rekrutmen", _("Rekrutmen kader lengkap")
    TRAINING = "pembekalan", _("Pembekalan")
    MIDTERM_EVALUATION = "evaluasi_tengah", _("Evaluasi tengah tahapan")
    FINAL_EVALUATION = "evaluasi_akhir", _("Evaluasi akhir tahapan")


class MilestoneLight(models.TextChoices):
    """A milestone's traffic light (``locus.rules.milestone_light``), best first."""

    DONE = "selesai", _("Selesai")
    ON_TIME = "tepat_waktu", _("Sesuai jadwal")
    AT_RISK = "berisiko", _("Berisiko terlambat")
    LATE = "terlambat", _("Terlambat")


class ResultsJobStatus(models.TextChoices):
    """An election results import in the worker (the words of the report jobs)."""

    QUEUED = "antre", _("antre")
    RUNNING = "berjalan", _("berjalan")
    SUCCEEDED = "selesai", _("selesai")
    FAILED = "gagal", _("gagal")
