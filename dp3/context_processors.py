from kernel.scoping.policy import policy

REGION_URL_NAMES = frozenset(
    {
        "region_index",
        "region_search",
        "region_suggest",
        "province_detail",
        "regency_detail",
        "district_detail",
        "village_detail",
    }
)


def _nav_section(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.namespace == "locus":
        return "wilayah" if match.url_name in REGION_URL_NAMES else "lokus"
    return match.namespace or match.url_name or ""


def navigation(request):
    """What the navigation bar needs: the user's office, jurisdiction and what their role may reach."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "jurisdiction": policy(user).jurisdiction,
        "may_manage_users": policy(user).may("manage"),
        "nav_section": _nav_section(request),
    }
