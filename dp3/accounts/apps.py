from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dp3.accounts"
    label = "accounts"
    verbose_name = _("Kantor dan pengguna")
