from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import ADMIN, CADRE, COMMISSIONER, STAFF, VIEWER


class OfficeLevel(models.TextChoices):
    NATIONAL = NATIONAL, _("KPU RI")
    PROVINCE = PROVINCE, _("KPU Provinsi")
    REGENCY = REGENCY, _("KPU Kabupaten/Kota")


class Role(models.TextChoices):
    ADMIN = ADMIN, _("Administrator")
    COMMISSIONER = COMMISSIONER, _("Komisioner")
    STAFF = STAFF, _("Staf")
    VIEWER = VIEWER, _("Pemantau (hanya baca)")
    # A DP3 cadre's account on their phone (cadre.CadreAccount): made by an invitation, never by the form.
    CADRE = CADRE, _("Kader")


# The roles an administrator gives an officer's account (a cadre's account comes from an invitation only).
OFFICER_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value != Role.CADRE]


class AuditAction(models.TextChoices):
    """What an administrator (or a superuser) did to an account: the audit trail's entries."""

    CREATE = "buat", _("Akun dibuat")
    UPDATE = "ubah", _("Data akun diubah")
    DEACTIVATE = "nonaktifkan", _("Akun dinonaktifkan")
    ACTIVATE = "aktifkan", _("Akun diaktifkan kembali")
    TWO_FACTOR_RESET = "reset_2fa", _("Autentikator diatur ulang")
    PASSWORD_LINK = "tautan_sandi", _("Tautan kata sandi dikirim")
    PASSWORD_SET = "sandi_diatur", _("Kata sandi diatur oleh pengelola sistem")
    API_CLIENT_CREATE = "klien_api_buat", _("Klien API dibuat")
    API_CLIENT_REVOKE = "klien_api_cabut", _("Klien API dicabut")


class APIAccess(models.TextChoices):
    """What a machine client of the API may do: read only, or read and write (within its office's
    jurisdiction, as the role of its account allows)."""

    READ = "baca", _("Baca saja")
    READ_WRITE = "baca_tulis", _("Baca dan tulis")


class APIClientStatus(models.TextChoices):
    ACTIVE = "aktif", _("Aktif")
    EXPIRED = "kedaluwarsa", _("Kedaluwarsa")
    REVOKED = "dicabut", _("Dicabut")


class NotificationKind(models.TextChoices):
    """What a notification tells; its text (``NOTIFICATION_TEXTS``) takes the notification's ``params``."""

    EVALUATION_RETURNED = "evaluasi_dikembalikan", _("Evaluasi dikembalikan")
    LOCUS_DESIGNATED = "lokus_ditetapkan", _("Lokus ditetapkan")
    MILESTONE_DUE = "tonggak_jatuh_tempo", _("Tonggak segera jatuh tempo")


NOTIFICATION_TEXTS = {
    NotificationKind.EVALUATION_RETURNED: _(
        "Evaluasi lokus %(locus)s (%(stage)s) dikembalikan oleh %(office)s untuk diperbaiki: %(note)s"
    ),
    NotificationKind.LOCUS_DESIGNATED: _(
        "Lokus %(locus)s ditetapkan dengan SK %(decree)s; langkah berikutnya: PKS dengan pemerintah desa."
    ),
    NotificationKind.MILESTONE_DUE: _(
        "Tonggak %(milestone)s lokus %(locus)s jatuh tempo %(due)s dan belum tercatat selesai."
    ),
}


def notification_text(kind: str, params: dict) -> str:
    """The words of a notification of ``kind``, in the reader's language; a missing value reads empty. The
    values are stored in Indonesian: one that is a text of the catalogue (a stage, a milestone) is shown
    translated, a name as it is."""
    template = NOTIFICATION_TEXTS.get(kind)
    if template is None:
        return ""
    values = {
        key: gettext(value) if isinstance(value, str) and value else value for key, value in params.items()
    }
    return str(template) % _Blank(values)


class _Blank(dict):
    def __missing__(self, key):
        return ""
