from __future__ import annotations

from dataclasses import dataclass

NATIONAL = "nasional"
PROVINCE = "provinsi"
REGENCY = "kabupaten"


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Where a user may act: the country, one province or one regency (codes are Kemendagri codes)."""

    level: str | None  # NATIONAL, PROVINCE, REGENCY, or None: nothing at all
    province_code: str | None = None
    regency_code: str | None = None

    @property
    def is_national(self) -> bool:
        return self.level == NATIONAL

    def covers_code(self, code: str | None) -> bool:
        """Whether a region code (province, regency, district or village) lies in this jurisdiction."""
        if self.level is None or not code:
            return self.level == NATIONAL
        if self.level == NATIONAL:
            return True
        own = self.regency_code if self.level == REGENCY else self.province_code
        return code == own or code.startswith(f"{own}.")


NOWHERE = Jurisdiction(level=None)


def jurisdiction_of(user) -> Jurisdiction:
    """The jurisdiction of a user, from the office they belong to. Anonymous or inactive users have none."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOWHERE
    cached = getattr(user, "_jurisdiction_cache", None)
    if cached is not None:
        return cached
    office = user.office if user.office_id else None
    if office is None:
        result = Jurisdiction(level=NATIONAL) if user.is_superuser else NOWHERE
    else:
        result = Jurisdiction(
            level=office.level, province_code=office.province_id, regency_code=office.regency_id
        )
    user._jurisdiction_cache = result
    return result
