from tests.access import LOGGED_IN, PUBLIC, Rule, table

ACCESS = {
    "home": Rule(expect=LOGGED_IN),
    # The navigation bar's badges (HTMX): the user's own counts only.
    "nav_status": Rule(expect=LOGGED_IN),
    "set_language": Rule(expect=table(default=302, anonymous=302), method="post"),
    # The Django admin is for the superusers that operate the system; no office user is staff.
    # Readiness for load balancers and monitoring: no login, no data, only "ok"/"gagal" per service.
    "readiness": Rule(expect=PUBLIC),
    # The site's icon, asked for by every browser: a redirect to the static file, for everyone.
    "favicon": Rule(expect=table(default=302, anonymous=302)),
    "admin:*": Rule(expect=table(default=302, anonymous=302), skip_reason=""),
}
