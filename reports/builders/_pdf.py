"""PDF reports: a Django template under ``templates/reports/pdf/`` rendered by WeasyPrint (no JavaScript; the
charts are inline SVG drawn on the server by ``_charts``). Every layout extends ``reports/pdf/base.html``:
the KPU heading, the report's title, its scope and year, and the moment it was generated on the requesting
user's clock."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from kernel.pdf import render_pdf
from kernel.templatetags.dp3_tags import local_date, local_time


def user_time_zone(user) -> str:
    """``User.time_zone``; a stand-in without one (a job's requester read back) reads Jakarta's."""
    return getattr(user, "time_zone", "Asia/Jakarta")


def office_name(user) -> str:
    office = getattr(user, "office", None) if getattr(user, "office_id", None) else None
    return office.name if office else "KPU RI"


def generated_text(user, moment=None) -> str:
    """ "2 Desember 2026, 13.42 WIB": when the report was made, on the requesting user's clock."""
    moment = moment or timezone.now()
    zone = user_time_zone(user)
    return f"{local_date(moment, zone)}, {local_time(moment, zone)}"


def write_pdf(template: str, context: dict, path: Path, *, user) -> None:
    context = {"generated": generated_text(user), "office_name": office_name(user), **context}
    render_pdf(render_to_string(template, context), path)
