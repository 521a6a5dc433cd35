"""Where a dashboard looks (``Place``: the country, a province or a regency), the place of a user's own
jurisdiction and of the provinces and regencies beneath it, and the breadcrumbs from the home page down."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus.models import Province, Regency


@dataclass(frozen=True)
class Place:
    """Where a dashboard looks: the country (no code), a province or a regency."""

    level: str  # NATIONAL, PROVINCE or REGENCY
    province: Province | None = None
    regency: Regency | None = None

    @property
    def code(self) -> str | None:
        if self.regency:
            return self.regency.code
        return self.province.code if self.province else None

    @property
    def name(self) -> str:
        if self.regency:
            return self.regency.name
        return self.province.name if self.province else _("Seluruh Indonesia")

    def q(self, prefix: str = "") -> Q:
        """The rows of this place, on a model that stores ``province_id`` and ``regency_id``."""
        if self.level == REGENCY:
            return Q(**{f"{prefix}regency_id": self.regency.code})
        if self.level == PROVINCE:
            return Q(**{f"{prefix}province_id": self.province.code})
        return Q()

    def url(self, year: int | None = None) -> str:
        if self.level == REGENCY:
            url = reverse("dashboard:regency", args=[self.regency.code])
        elif self.level == PROVINCE:
            url = reverse("dashboard:province", args=[self.province.code])
        else:
            url = reverse("home")
        return f"{url}?tahun={year}" if year else url


def home_place(*, user) -> Place | None:
    """The place of the user's own jurisdiction: the country, its province or its regency."""
    jurisdiction = policy(user).jurisdiction
    # The office's regions come loaded with the user (accounts.backends): no query when they are its.
    office = user.office if user.office_id else None
    if jurisdiction.level == NATIONAL:
        return Place(NATIONAL)
    if jurisdiction.level == PROVINCE:
        if office and office.province_id == jurisdiction.province_code:
            return Place(PROVINCE, province=office.province)
        return Place(PROVINCE, province=Province.objects.get(code=jurisdiction.province_code))
    if jurisdiction.level == REGENCY:
        if office and office.regency_id == jurisdiction.regency_code and office.province_id:
            return Place(REGENCY, province=office.province, regency=office.regency)
        regency = Regency.objects.select_related("province").get(code=jurisdiction.regency_code)
        return Place(REGENCY, province=regency.province, regency=regency)
    return None


def province_place(*, user, code: str) -> Place | None:
    """A province the user's jurisdiction holds whole (KPU RI, or the province itself); else None (404). A
    province is above a regency office: it sees none (``Province.scope_lookups``)."""
    province = Province.objects.restrict(user, "view").filter(code=code).first()
    return Place(PROVINCE, province=province) if province else None


def regency_place(*, user, code: str) -> Place | None:
    regency = Regency.objects.restrict(user, "view").select_related("province").filter(code=code).first()
    return Place(REGENCY, province=regency.province, regency=regency) if regency else None


def place_crumbs(*, user, place: Place, year: int | None) -> list[tuple[str, str | None]]:
    """The drill-down path beneath the home page to ``place``; a regency office gets no link to its
    province (it may not open it)."""
    crumbs = []
    if place.province and place.level != PROVINCE:
        may_open = policy(user).allows("view", place.province)
        crumbs.append(
            (place.province.name, Place(PROVINCE, province=place.province).url(year) if may_open else None)
        )
    crumbs.append((place.name, None))
    return crumbs
