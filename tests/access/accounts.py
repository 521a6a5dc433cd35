"""Access to the sign-in pages and to the management of offices and accounts.

Managing accounts is for administrators (403 for every other role), within their jurisdiction: an account or
an office outside it does not exist for them (404). In jurisdiction: an account/office of Kabupaten Tanggamus
(seen by KPU RI, KPU Provinsi Lampung and KPU Kabupaten Tanggamus administrators). Out of jurisdiction: one of
Kabupaten Flores Timur (seen by KPU RI, KPU Provinsi NTT and KPU Kabupaten Flores Timur administrators).
"""

from accounts.choices import Role
from tests.access import LOGGED_IN, LOGIN, PUBLIC, Rule, actors_where, table, table_for

ADMINS = actors_where(lambda level, key, role: role == Role.ADMIN)
NON_ADMINS = actors_where(lambda level, key, role: role != Role.ADMIN)
SEES_TANGGAMUS = {"national_admin", "lampung_admin", "tanggamus_admin"}
SEES_FLOTIM = {"national_admin", "ntt_admin", "flotim_admin"}


def scoped_page(*, ok: int, sees: set[str]) -> dict[str, int]:
    """``ok`` for the administrators whose jurisdiction holds the object, 404 for the other administrators,
    403 for every other role, the login page for anonymous users."""
    return table_for([(sees, ok), (ADMINS - sees, 404), (NON_ADMINS, 403)], default=403, anonymous=LOGIN)


ADMIN_PAGE = table_for([(ADMINS, 200), (NON_ADMINS, 403)], default=403)


def tanggamus_notification(world):
    """A notification of the Tanggamus staff member (made once per world)."""
    from accounts.choices import NotificationKind
    from accounts.models import Notification

    user = world.users["tanggamus_staff"]
    notification, _ = Notification.objects.get_or_create(
        user=user,
        kind=NotificationKind.LOCUS_DESIGNATED,
        defaults={"params": {"locus": "Gunung Kasih"}, "url": "/"},
    )
    return {"pk": notification.pk}


def tanggamus_user(world):
    return {"pk": world.users["tanggamus_staff"].pk}


def flotim_user(world):
    return {"pk": world.users["flotim_commissioner"].pk}


def tanggamus_office(world):
    return {"pk": world.users["tanggamus_staff"].office_id}


def flotim_office(world):
    return {"pk": world.users["flotim_commissioner"].office_id}


def _api_client(world, admin: str) -> dict:
    """A read-only API client of the office of ``admin`` (made once per world, by that administrator)."""
    import datetime as dt

    from django.utils import timezone

    from accounts.api_clients import api_client_create
    from accounts.choices import APIAccess
    from accounts.models import APIClient

    actor = world.users[admin]
    client = APIClient.objects.filter(office_id=actor.office_id, name="Gudang data").first()
    if client is None:
        client, _token = api_client_create(
            actor=actor,
            office=actor.office,
            name="Gudang data",
            access=APIAccess.READ,
            expires_at=timezone.now() + dt.timedelta(days=30),
        )
    return {"pk": client.pk}


def tanggamus_api_client(world):
    return _api_client(world, "tanggamus_admin")


def flotim_api_client(world):
    return _api_client(world, "flotim_admin")


def _api_client_rule(ok: int, method: str = "get") -> Rule:
    return Rule(
        expect=scoped_page(ok=ok, sees=SEES_TANGGAMUS),
        kwargs=tanggamus_api_client,
        out_kwargs=flotim_api_client,
        expect_out=scoped_page(ok=ok, sees=SEES_FLOTIM),
        method=method,
    )


def _user_rule(ok: int, method: str = "get") -> Rule:
    return Rule(
        expect=scoped_page(ok=ok, sees=SEES_TANGGAMUS),
        kwargs=tanggamus_user,
        out_kwargs=flotim_user,
        expect_out=scoped_page(ok=ok, sees=SEES_FLOTIM),
        method=method,
    )


ACCESS = {
    "accounts:login": Rule(expect=table(default=302, anonymous=200)),
    "accounts:logout": Rule(expect=table(default=302, anonymous=302), method="post"),
    # The second sign-in step: every actor here has passed it (or does not need it), so it sends them on.
    "accounts:two_factor_verify": Rule(expect=table(default=302, anonymous=302)),
    "accounts:two_factor_setup": Rule(expect=table(default=302, anonymous=302)),
    "accounts:password_change": Rule(expect=LOGGED_IN),
    "accounts:password_change_done": Rule(expect=LOGGED_IN),
    "accounts:password_reset": Rule(expect=PUBLIC),
    "accounts:password_reset_done": Rule(expect=PUBLIC),
    "accounts:password_reset_confirm": Rule(
        expect=PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": Rule(expect=PUBLIC),
    "accounts:user_list": Rule(expect=ADMIN_PAGE),
    "accounts:user_create": Rule(expect=ADMIN_PAGE),
    "accounts:user_detail": _user_rule(200),
    "accounts:user_update": _user_rule(200),
    # POST without a choice changes nothing and goes back to the account's page with a message.
    "accounts:user_set_active": _user_rule(302, method="post"),
    # Sends the standard password e-mail (to the test mailbox), then back to the account's page.
    "accounts:user_send_reset": _user_rule(302, method="post"),
    # Removes the account's authenticator (none here: a message), then back to the account's page.
    "accounts:user_reset_2fa": _user_rule(302, method="post"),
    # The audit trail of the accounts of one's jurisdiction: every administrator, no other role.
    "accounts:audit_list": Rule(expect=ADMIN_PAGE),
    "accounts:office_list": Rule(expect=ADMIN_PAGE),
    # Machine clients of the API: the administrators of the client's office's jurisdiction.
    "accounts:api_client_list": Rule(expect=ADMIN_PAGE),
    "accounts:api_client_create": Rule(expect=ADMIN_PAGE),
    "accounts:api_client_detail": _api_client_rule(200),
    # Revokes the client (already revoked for the next administrator: a message), then back to its page.
    "accounts:api_client_revoke": _api_client_rule(302, method="post"),
    "accounts:office_detail": Rule(
        expect=scoped_page(ok=200, sees=SEES_TANGGAMUS),
        kwargs=tanggamus_office,
        out_kwargs=flotim_office,
        expect_out=scoped_page(ok=200, sees=SEES_FLOTIM),
    ),
    # Each user's own profile and notifications: a notification of another user does not exist for them.
    "accounts:profile": Rule(expect=LOGGED_IN),
    "accounts:notification_list": Rule(expect=LOGGED_IN),
    "accounts:notification_read": Rule(
        expect=table(default=404, tanggamus_staff=302), kwargs=tanggamus_notification, method="post"
    ),
    "accounts:notification_read_all": Rule(expect=table(default=302), method="post"),
}
