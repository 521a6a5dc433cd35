from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (UTC+7)")
    WITA = "Asia/Makassar", _("WITA (UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (UTC+9)")


TIME_ZONE_ABBREVIATIONS = {TimeZone.WIB: "WIB", TimeZone.WITA: "WITA", TimeZone.WIT: "WIT"}


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


class DistrictKind(models.TextChoices):
    KECAMATAN = "kecamatan", _("Kecamatan")
    DISTRIK = "distrik", _("Distrik")


class VillageKind(models.TextChoices):
    DESA = "desa", _("Desa")
    KELURAHAN = "kelurahan", _("Kelurahan")
    DESA_ADAT = "desa_adat", _("Desa adat")


# Province codes by time zone (Permendagri on the division of time zones; DOMAIN.md).
WITA_PROVINCES = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
WIT_PROVINCES = frozenset({"81", "82", "91", "92", "93", "94", "95", "96"})


def time_zone_for_province(code: str) -> str:
    if code in WIT_PROVINCES:
        return TimeZone.WIT
    if code in WITA_PROVINCES:
        return TimeZone.WITA
    return TimeZone.WIB


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
