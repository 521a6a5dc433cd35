"""The "Laporan" page: ask for a report, follow its progress, download it.

Every read goes through ``ReportJob.objects.restrict`` (``reports.selectors``): another user's job is a 404,
its status and its file included. Asking goes through ``reports.services.report_request``, whose
ValidationErrors land on the fields they name.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from kernel.forms import show_service_errors
from kernel.scoping.mixins import RoleRequiredMixin
from locus.selectors.loci import latest_locus_year
from reports import selectors, services
from reports.forms import SERVICE_FIELDS, ReportRequestForm
from reports.models import JobStatus

FORM_FIELDS = ("jenis", "tahun", "wilayah", "lokus", "rapat", "format", "alasan")


def reports_crumb() -> tuple[str, str]:
    return (_("Laporan"), reverse("reports:job_list"))


class ReportJobListView(RoleRequiredMixin, ListView):
    """The request form above the user's own jobs; each job still queued or running polls its status."""

    template_name = "reports/job_list.html"
    context_object_name = "jobs"
    paginate_by = 20

    def get_queryset(self):
        return selectors.jobs_of(user=self.request.user).select_related("locus__village")

    def get_form(self):
        if self.request.method == "POST":
            return ReportRequestForm(self.request.POST, user=self.request.user)
        initial = {"tahun": latest_locus_year(user=self.request.user)}
        initial.update({name: self.request.GET[name] for name in FORM_FIELDS if self.request.GET.get(name)})
        return ReportRequestForm(initial=initial, user=self.request.user)

    def get(self, request, *args, **kwargs):
        if request.htmx and request.GET.get("muat_ulang"):
            # The type or year changed: the fields that follow them, with what was already chosen.
            form = ReportRequestForm(initial=request.GET.dict(), user=request.user)
            return self.response_class(request, "reports/_job_form_fields.html", {"form": form})
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                job = services.report_request(user=request.user, params=form.parameters())
            except ValidationError as error:
                show_service_errors(form, error, field_map=SERVICE_FIELDS)
            else:
                job.refresh_from_db()
                if job.status == JobStatus.FAILED:
                    messages.error(request, job.error)
                else:
                    messages.success(
                        request, _("Permintaan laporan diterima. Laporan dibuat di latar belakang.")
                    )
                return redirect("reports:job_list")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=200)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["jobs"] = selectors.with_scope_names(context["jobs"])
        context["crumbs"] = [reports_crumb()]
        context["retention_days"] = settings.SIDP3_REPORT_RETENTION_DAYS
        return context


class ReportJobStatusView(RoleRequiredMixin, TemplateView):
    """HTMX: one job's row. Its trigger polls every 2 s while the job is queued or running, then stops."""

    template_name = "reports/_job_row.html"

    def get_context_data(self, **kwargs):
        job = selectors.job_of(user=self.request.user, pk=kwargs["pk"])
        if job is None:
            raise Http404(_("Permintaan laporan ini tidak ditemukan."))
        return {"job": job}


class ReportJobDownloadView(RoleRequiredMixin, View):
    """The file of a finished job, for the user who asked for it only (404 for anyone else)."""

    def get(self, request, pk):
        job = selectors.job_of(user=request.user, pk=pk)
        if job is None or job.status != JobStatus.SUCCEEDED or not job.file:
            raise Http404(_("Laporan ini tidak ditemukan atau belum selesai."))
        try:
            handle = job.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("Berkas laporan ini tidak ditemukan di penyimpanan.")) from exc
        return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)
