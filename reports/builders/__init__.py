"""Report builders: one function per report type that writes the file of a report job.

The interface between the job machinery (``reports/models.py``, ``reports/tasks.py``, ``reports/services.py``)
and the builders (``reports/builders/<type>.py``):

- ``BUILDERS[type] = ReportType(...)`` names the formats a type offers and the parameters it needs.
- ``build(request)`` is called by the Celery task (and so by ``generate_report``) with a ``ReportRequest``:
  the requesting user loaded again by the task (every query of the builder goes through
  ``Model.objects.restrict(request.user, "view")``), the parameters, the format, an output path to write to,
  and ``progress(percent)`` to report progress (0–100; the task stores it on the job, throttled).
- A builder writes exactly one file at ``request.output_path`` and returns a ``BuiltReport`` with the file
  name offered for download. It raises ``ReportError`` with a message in Indonesian for the user (an unknown
  locus, a scope outside the jurisdiction, nothing to report); anything else is a failure the task records
  as "internal error" without personal data.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.functional import Promise


class ReportError(Exception):
    """A failure the requesting user should read (in Indonesian), e.g. "Lokus tidak ditemukan"."""


@dataclass(frozen=True)
class ReportRequest:
    type: str
    user: object  # the requesting User, loaded again by the task
    format: str  # "xlsx", "pdf" or "csv"
    output_path: Path
    year: int | None = None
    scope: str | None = None  # a province or regency code ("18", "18.06"); None: the user's jurisdiction
    locus_id: int | None = None
    meeting_id: int | None = None
    reason: str = ""  # why full NIKs are asked for (roster); empty: masked
    progress: Callable[[int], None] = field(default=lambda percent: None)


@dataclass(frozen=True)
class BuiltReport:
    filename: str  # offered for download, e.g. "rekap-dp3-2021-lampung.xlsx"
    content_type: str


@dataclass(frozen=True)
class ReportType:
    code: str  # "recap", "locus-profile", "roster", "minutes"
    label: Promise | str
    formats: tuple[str, ...]
    build: Callable[[ReportRequest], BuiltReport]
    needs: tuple[str, ...] = ()  # parameters required besides year: "locus_id", "meeting_id"


BUILDERS: dict[str, ReportType] = {}


def register(report_type: ReportType) -> ReportType:
    BUILDERS[report_type.code] = report_type
    return report_type


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


# The builder modules of each report type; each registers itself into BUILDERS when imported.
# In the order the Laporan page offers them: the recap first (it needs no locus or meeting).
BUILDER_MODULES = (
    "reports.builders.recap",
    "reports.builders.roster",
    "reports.builders.locus_profile",
    "reports.builders.minutes",
)


_loading = threading.Lock()
_loaded = False


def load_all() -> dict[str, ReportType]:
    """Import every builder module (each registers itself) and return BUILDERS, the types of
    ``BUILDER_MODULES`` first and in their order, whichever was imported first. Called by whatever reads the
    registry, so that the builders (openpyxl, WeasyPrint) are imported by the processes that use them and
    not at start-up; after the first call it only returns the registry."""
    global _loaded
    if _loaded:
        return BUILDERS
    with _loading:
        if not _loaded:
            for module in BUILDER_MODULES:
                importlib.import_module(module)
            rank = {module: index for index, module in enumerate(BUILDER_MODULES)}
            ordered = sorted(BUILDERS.values(), key=lambda kind: rank.get(kind.build.__module__, len(rank)))
            BUILDERS.clear()
            BUILDERS.update((kind.code, kind) for kind in ordered)
            _loaded = True
    return BUILDERS
