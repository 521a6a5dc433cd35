from tests.access import LOGGED_IN, PUBLIC, Rule, table

ACCESS = {
    "home": Rule(expect=LOGGED_IN),
    "set_language": Rule(expect=table(default=302, anonymous=302), method="post"),
    # The Django admin is for the superusers that operate the system; no office user is staff.
    "admin:*": Rule(expect=table(default=302, anonymous=302), skip_reason=""),
    "accounts:login": Rule(expect=table(default=302, anonymous=200)),
    "accounts:logout": Rule(expect=table(default=302, anonymous=302), method="post"),
    "accounts:password_change": Rule(expect=LOGGED_IN),
    "accounts:password_change_done": Rule(expect=LOGGED_IN),
    "accounts:password_reset": Rule(expect=PUBLIC),
    "accounts:password_reset_done": Rule(expect=PUBLIC),
    "accounts:password_reset_confirm": Rule(
        expect=PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": Rule(expect=PUBLIC),
}
