from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from kernel.middleware import session_renewed_at_login


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = _("Kantor dan pengguna")

    def ready(self):
        from django.contrib.auth.models import Group, Permission
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete

        from kernel.signals import upload_discarded, upload_stored

        from .models import User
        from .services import pending_import_forget, pending_import_record
        from .two_factor import permissions_changed, remember_at_login

        # Whether a user may read full NIKs (and so needs two-factor sign-in) is remembered in their session
        # until any permission, group or membership changes (accounts/two_factor.py).
        for through in (User.user_permissions.through, User.groups.through, Group.permissions.through):
            m2m_changed.connect(permissions_changed, sender=through, dispatch_uid=f"2fa-{through.__name__}")
        for model in (Group, Permission):
            post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"2fa-del-{model.__name__}")
        user_logged_in.connect(remember_at_login, dispatch_uid="2fa-remember-at-login")
        # A sign-in saves the session: the idle timeout's renewal starts from it (kernel.middleware).
        user_logged_in.connect(session_renewed_at_login, dispatch_uid="session-renewed-at-login")
        # Uploads waiting for confirmation, for the action list (kernel.imports sends, accounts keeps a row).
        upload_stored.connect(pending_import_record, dispatch_uid="pending-import-record")
        upload_discarded.connect(pending_import_forget, dispatch_uid="pending-import-forget")
