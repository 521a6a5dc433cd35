"""Election results: the summary of the user's jurisdiction, the upload of a results file, and the page of
an import job whose progress bar HTMX polls while the worker reads the file.

Reads go through ``locus.selectors.results`` (``restrict``: results of the jurisdiction; a job is a 404 to
anyone but its uploader); the upload goes through ``locus.services.results_jobs.results_job_create``, and
the import itself runs in the worker (``locus.tasks.import_results``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.mixins import RoleRequiredMixin
from kernel.scoping.policy import policy
from kernel.spreadsheets import RowError
from locus.forms.results import ResultsImportForm
from locus.models import Election
from locus.selectors import results as selectors
from locus.services.results_import import may_import_results
from locus.services.results_jobs import results_job_create
from locus.views.loci import loci_crumb

TEMPLATE_KIND = "hasil-pemilu"


def results_crumb() -> tuple[str, str]:
    return (_("Hasil pemilu"), reverse("locus:results_list"))


class ResultsListView(RoleRequiredMixin, TemplateView):
    """The elections with results in the user's jurisdiction (villages and TPS covered, DPT, voters,
    turnout), one of them (``pemilu``) by regency (by district for a regency office), and the user's
    recent imports."""

    template_name = "locus/results_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        access = policy(user)
        summaries = selectors.election_summaries(user=user)
        chosen = self.request.GET.get("pemilu", "")
        current = next((s for s in summaries if s.election.pk == chosen), summaries[0] if summaries else None)
        by_district = access.level == REGENCY
        regions = []
        if current is not None:
            regions = selectors.results_by_region(
                user=user,
                election=current.election,
                level=selectors.DISTRICT if by_district else selectors.REGENCY,
            )
        return super().get_context_data(
            summaries=summaries,
            current=current,
            regions=regions,
            by_district=by_district,
            any_illustrative=any(s.figures.is_illustrative for s in summaries),
            jobs=list(selectors.import_jobs_of(user=user)[: selectors.RECENT_JOBS]),
            may_import=may_import_results(user),
            crumbs=[loci_crumb(), (_("Hasil pemilu"), "")],
            **kwargs,
        )


class ResultsImportView(RoleRequiredMixin, TemplateView):
    """Choose the election, mark the figures illustrative or not, upload the file: a job is made and the
    browser goes to its page."""

    template_name = "locus/results_import.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_import_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ResultsImportForm())
        links = {
            f"template_{fmt}": reverse("locus:import_template", kwargs={"kind": TEMPLATE_KIND, "fmt": fmt})
            for fmt in ("xlsx", "ods", "csv")
        }
        return super().get_context_data(
            max_upload=filesizeformat(settings.SIDP3_MAX_RESULTS_UPLOAD_BYTES),
            guide_template="locus/_import_guide_hasil_pemilu.html",
            elections=Election.objects.order_by("held_on").values_list("code", "name"),
            crumbs=[loci_crumb(), results_crumb(), (_("Impor hasil pemilu"), "")],
            **links,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        limit = settings.SIDP3_MAX_RESULTS_UPLOAD_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit + 64 * 1024:
            # Refused before the body is read: the browser sent far more than the limit.
            message = _("Berkas terlalu besar; ukuran maksimal %(limit)s.") % {"limit": filesizeformat(limit)}
            return self.render_to_response(self.get_context_data(upload_error=message), status=413)
        form = ResultsImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        job = results_job_create(
            actor=request.user,
            election=form.cleaned_data["pemilu"],
            upload=form.cleaned_data["berkas"],
            illustrative=form.cleaned_data["ilustrasi"],
        )
        messages.success(
            request, _("Berkas %(file)s diterima dan diperiksa di latar belakang.") % {"file": job.filename}
        )
        return redirect(job.get_absolute_url())


class ResultsJobMixin(RoleRequiredMixin):
    def get_job(self):
        job = selectors.import_job_of(user=self.request.user, pk=self.kwargs["pk"])
        if job is None:
            raise Http404(_("Impor hasil pemilu ini tidak ditemukan."))
        job.error_lines = [
            str(RowError(e.get("row"), e.get("column"), e.get("message", ""))) for e in job.errors
        ]
        return job


class ResultsJobView(ResultsJobMixin, TemplateView):
    """One import: its status, and the progress bar that polls ``results_job_status`` until it is done."""

    template_name = "locus/results_job.html"

    def get_context_data(self, **kwargs):
        job = self.get_job()
        return super().get_context_data(
            job=job,
            crumbs=[loci_crumb(), results_crumb(), (job.filename, "")],
            **kwargs,
        )


class ResultsJobStatusView(ResultsJobMixin, TemplateView):
    """HTMX: the job's status block. It polls every 2 s while the job is queued or running, then stops."""

    template_name = "locus/_results_job_status.html"

    def get_context_data(self, **kwargs):
        return {"job": self.get_job()}
