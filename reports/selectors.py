"""Reads for the report pages: the user's own jobs and the region choices of their jurisdiction."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kernel.scoping.jurisdiction import NATIONAL, PROVINCE, REGENCY
from kernel.scoping.policy import policy
from locus.models import Province, Regency
from reports.models import ReportJob


def jobs_of(*, user):
    """The user's report jobs, newest first (``ReportJob.objects.restrict``: nobody sees another's jobs)."""
    return ReportJob.objects.restrict(user, "view").order_by("-created_at", "-pk")


def job_of(*, user, pk: int) -> ReportJob | None:
    job = jobs_of(user=user).filter(pk=pk).first()
    return with_scope_names([job])[0] if job else None


def with_scope_names(jobs):
    """The jobs, each with ``scope_name``: the name of the region it was asked for (two queries at most for
    a page of jobs: provinces and regencies)."""
    jobs = list(jobs)
    codes = {job.scope for job in jobs if job.scope}
    provinces = [code for code in codes if "." not in code]
    regencies = [code for code in codes if "." in code]
    names = {}
    if provinces:
        names.update(Province.objects.filter(code__in=provinces).values_list("code", "name"))
    if regencies:
        names.update(Regency.objects.filter(code__in=regencies).values_list("code", "name"))
    for job in jobs:
        job.scope_name = names.get(job.scope, job.scope)
    return jobs


def scope_choices(*, user) -> list[tuple[str, str]]:
    """The regions a user may ask a report about: "" (their whole jurisdiction), then provinces and
    regencies within it (two queries at most, whatever the number of regions), read through ``restrict``
    like every other read. A province office asks about itself or one of its regencies; a regency office
    only about itself."""
    level = policy(user).level
    if level not in (NATIONAL, PROVINCE, REGENCY):
        return []
    if level == REGENCY:
        return [("", _("Seluruh wilayah kerja"))]
    if level == NATIONAL:
        choices = [("", _("Seluruh Indonesia"))]
        provinces = Province.objects.current().restrict(user)
    else:
        choices = [("", _("Seluruh wilayah kerja"))]
        provinces = Province.objects.none()
    regencies = Regency.objects.current().restrict(user)
    regions = [(p.code, p.name) for p in provinces.only("code", "name")]
    regions += [(r.code, f"— {r.name}") for r in regencies.only("code", "name")]
    return choices + sorted(regions)  # each province followed by its regencies ("18" < "18.01" < "19")
