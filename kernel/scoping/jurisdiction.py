from __future__ import annotations

from dataclasses import dataclass

# The role of a cadre's account (``kernel.scoping.policy.CADRE``, spelt here: the policy imports this module).
CADRE_ROLE = "kader"

NATIONAL = "nasional"
PROVINCE = "provinsi"
REGENCY = "kabupaten"
# A DP3 cadre signed in on their phone: one locus, and within it only the cadre's own personal data.
LOCUS = "lokus"


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """Where a user may act: the country, one province or one regency (codes are Kemendagri codes); for a
    cadre (role ``kader``) one locus, named by ``locus_id``, and the cadre's own rows (``cadre_id``)."""

    level: str | None  # NATIONAL, PROVINCE, REGENCY, LOCUS, or None: nothing at all
    province_code: str | None = None
    regency_code: str | None = None
    locus_id: int | None = None
    cadre_id: int | None = None

    @property
    def is_national(self) -> bool:
        return self.level == NATIONAL

    def covers_code(self, code: str | None) -> bool:
        """Whether a region code (province, regency, district or village) lies in this jurisdiction. A
        cadre's locus is no grant on a region: no code lies in it."""
        if self.level is None or self.level == LOCUS or not code:
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
    if getattr(user, "role", None) == CADRE_ROLE:
        result = _cadre_jurisdiction(user)
        user._jurisdiction_cache = result
        return result
    office = user.office if user.office_id else None
    if office is None:
        result = Jurisdiction(level=NATIONAL) if user.is_superuser else NOWHERE
    else:
        result = Jurisdiction(
            level=office.level, province_code=office.province_id, regency_code=office.regency_id
        )
    user._jurisdiction_cache = result
    return result


def _cadre_jurisdiction(user) -> Jurisdiction:
    """A cadre's jurisdiction: the locus of the cadre its account (``cadre.CadreAccount``, reached by its
    reverse name: the kernel imports no app) belongs to; none once the account is revoked."""
    account = getattr(user, "cadre_account", None)
    if account is None or account.revoked_at is not None:
        return NOWHERE
    cadre = account.cadre
    return Jurisdiction(
        level=LOCUS,
        province_code=cadre.province_id,
        regency_code=cadre.regency_id,
        locus_id=cadre.locus_id,
        cadre_id=cadre.pk,
    )
