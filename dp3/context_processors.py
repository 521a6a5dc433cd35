from dp3.scoping import jurisdiction_of
from dp3.scoping.policy import role_may


def navigation(request):
    """What the navigation bar needs: the user's office, jurisdiction and what their role may reach."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "jurisdiction": jurisdiction_of(user),
        "may_manage_users": role_may(user, "manage"),
    }
