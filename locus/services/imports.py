"""Spreadsheet imports of the locus app: loci, election indicators and conflict/disaster records.

Each is all-or-nothing (one bad row refuses the file), restricted to the importing user's jurisdiction, and
returns an ``ImportOutcome`` whose errors name the spreadsheet row and column."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.policy import policy
from kernel.spreadsheets import ImportOutcome, SpreadsheetError, read_table
from locus.resources import (
    INCIDENT_TABLE,
    INDICATOR_TABLE,
    LOCUS_TABLE,
    IncidentResource,
    IndicatorResource,
    LocusResource,
)


def may_import_loci(user) -> bool:
    """National and province administrators import loci files."""
    access = policy(user)
    return access.may("manage") and access.level not in (None, REGENCY)


def may_import_evidence(user) -> bool:
    """Province and national offices (commissioners, administrators) load the evidence for selection."""
    access = policy(user)
    return access.may("decide") and access.level not in (None, REGENCY)


def _run(resource, *, data: bytes, filename: str, spec, dry_run: bool) -> ImportOutcome:
    try:
        dataset = read_table(data, filename, spec=spec)
    except SpreadsheetError as exc:
        return ImportOutcome(errors=exc.errors)
    return resource.run_import(dataset, dry_run=dry_run)


def loci_import(*, actor, data: bytes, filename: str, dry_run: bool) -> ImportOutcome:
    if not may_import_loci(actor):
        raise PermissionDenied(_("Hanya administrator KPU RI atau KPU Provinsi yang dapat mengimpor lokus."))
    resource = LocusResource(user=actor, source=filename)
    return _run(resource, data=data, filename=filename, spec=LOCUS_TABLE, dry_run=dry_run)


def indicators_import(*, actor, data: bytes, filename: str, dry_run: bool) -> ImportOutcome:
    if not may_import_evidence(actor):
        raise PermissionDenied(_("Peran Anda tidak dapat memuat data indikator."))
    resource = IndicatorResource(user=actor, source=filename)
    return _run(resource, data=data, filename=filename, spec=INDICATOR_TABLE, dry_run=dry_run)


def incidents_import(*, actor, data: bytes, filename: str, dry_run: bool) -> ImportOutcome:
    if not may_import_evidence(actor):
        raise PermissionDenied(_("Peran Anda tidak dapat memuat catatan konflik/bencana."))
    resource = IncidentResource(user=actor, source=filename)
    return _run(resource, data=data, filename=filename, spec=INCIDENT_TABLE, dry_run=dry_run)
