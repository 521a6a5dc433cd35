"""The national system account that command-line work runs as when no user is named."""

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, User

SYSTEM_USERNAME = "sistem"


def national_system_user() -> User:
    """A KPU RI administrator account that cannot log in (unusable password), created on first use."""
    office, _ = Office.objects.get_or_create(level=OfficeLevel.NATIONAL, defaults={"name": "KPU RI"})
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"office": office, "role": Role.ADMIN, "first_name": "Sistem", "last_name": "SIDP3"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
