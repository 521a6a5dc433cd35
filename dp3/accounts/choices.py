from django.db import models
from django.utils.translation import gettext_lazy as _

from dp3.scoping import policy
from dp3.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY


class OfficeLevel(models.TextChoices):
    NATIONAL = NATIONAL, _("KPU RI")
    PROVINCE = PROVINCE, _("KPU Provinsi")
    REGENCY = REGENCY, _("KPU Kabupaten/Kota")


class Role(models.TextChoices):
    ADMIN = policy.ADMIN, _("Administrator")
    COMMISSIONER = policy.COMMISSIONER, _("Komisioner")
    STAFF = policy.STAFF, _("Staf")
    VIEWER = policy.VIEWER, _("Pemantau (hanya baca)")
