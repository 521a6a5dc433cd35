from django.db import models
from django.utils.translation import gettext_lazy as _

from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import ADMIN, COMMISSIONER, STAFF, VIEWER


class OfficeLevel(models.TextChoices):
    NATIONAL = NATIONAL, _("KPU RI")
    PROVINCE = PROVINCE, _("KPU Provinsi")
    REGENCY = REGENCY, _("KPU Kabupaten/Kota")


class Role(models.TextChoices):
    ADMIN = ADMIN, _("Administrator")
    COMMISSIONER = COMMISSIONER, _("Komisioner")
    STAFF = STAFF, _("Staf")
    VIEWER = VIEWER, _("Pemantau (hanya baca)")


class AuditAction(models.TextChoices):
    """What an administrator (or a superuser) did to an account: the audit trail's entries."""

    CREATE = "buat", _("Akun dibuat")
    UPDATE = "ubah", _("Data akun diubah")
    DEACTIVATE = "nonaktifkan", _("Akun dinonaktifkan")
    ACTIVATE = "aktifkan", _("Akun diaktifkan kembali")
    TWO_FACTOR_RESET = "reset_2fa", _("Autentikator diatur ulang")
    PASSWORD_LINK = "tautan_sandi", _("Tautan kata sandi dikirim")
    PASSWORD_SET = "sandi_diatur", _("Kata sandi diatur oleh pengelola sistem")
