from tests.access import LOGGED_IN, Rule, table

ACCESS = {
    "home": Rule(expect=LOGGED_IN),
    "set_language": Rule(expect=table(default=302, anonymous=302), method="post"),
    # The Django admin is for the superusers that operate the system; no office user is staff.
    "admin:*": Rule(expect=table(default=302, anonymous=302), skip_reason=""),
}
