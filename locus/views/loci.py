"""Views of loci: the list (with counts and export), a locus' page (evidence, timeline, documents, history),
the proposal, its correction, the steps of a locus and its documents.

Every read goes through ``restrict(user, action)`` (``ScopedObjectMixin`` or the selectors): a locus outside
the user's jurisdiction is a 404, an action the role may not do a 403. Every write goes through
``locus.services.loci``: its ValidationErrors are shown on the form field they name, its PermissionDenied is
the 403 page.
"""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from kernel.forms import show_service_errors
from kernel.scoping.mixins import RoleRequiredMixin, ScopedObjectMixin
from kernel.scoping.policy import policy
from kernel.spreadsheets import CONTENT_TYPES
from kernel.views import ObjectFormMixin, Step, StepMixin, UserFormMixin
from locus import rules
from locus.choices import LocusStatus
from locus.exports import loci_export
from locus.filters import YEAR, LocusFilter
from locus.forms.loci import (
    AgreementForm,
    CancelForm,
    DesignateForm,
    DocumentForm,
    LocusProposeForm,
    LocusUpdateForm,
    NoteForm,
    RejectForm,
)
from locus.models import Locus, LocusDocument, LocusEvent, ProgrammeYear
from locus.selectors.loci import (
    latest_locus_year,
    locus_counts,
    locus_evidence,
    locus_history,
    locus_list,
    village_options,
)
from locus.services import loci as services
from locus.services.imports import may_import_loci
from regions.querysets import MIN_NAME_SEARCH_LENGTH, is_code_term

S = LocusStatus
# The level a piece of evidence comes from, by the number of segments in its region code.
EVIDENCE_LEVELS = {2: gettext_lazy("kabupaten/kota"), 3: gettext_lazy("kecamatan"), 4: gettext_lazy("desa")}


def loci_crumb() -> tuple[str, str]:
    return (_("Lokus"), reverse("locus:locus_list"))


def locus_crumbs(locus, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [loci_crumb(), (str(locus), locus.get_absolute_url()), *current]


# --- list and export -------------------------------------------------------------------------------------


class LocusFilterMixin:
    """The list's filters over ``locus_list(user=...)``; without ``tahun`` in the query string, the latest
    year with loci in the user's jurisdiction."""

    @cached_property
    def filterset(self) -> LocusFilter:
        user = self.request.user
        data = self.request.GET.copy()
        if YEAR not in data:
            year = latest_locus_year(user=user)
            data[YEAR] = str(year) if year else ""
        return LocusFilter(data, queryset=locus_list(user=user), user=user)

    def filtered_loci(self):
        filterset = self.filterset
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()


class LocusListView(LocusFilterMixin, ScopedObjectMixin, ListView):
    template_name = "locus/locus_list.html"
    context_object_name = "loci"
    paginate_by = 25

    def get_queryset(self):
        return self.filtered_loci()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        counts = locus_counts(self.object_list)
        by_status = dict.fromkeys(S.labels, 0)
        for row in counts:
            for label, n in row.by_status.items():
                by_status[label] += n
        query = self.filterset.data.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            total=sum(row.total for row in counts),
            category_cards=[
                (
                    row,
                    [(label, row.by_status[label]) for label in S.labels if label in row.by_status],
                    _query_with(query, kategori=row.category),
                )
                for row in counts
            ],
            status_cards=[
                (status.label, by_status[status.label], _query_with(query, status=status.value))
                for status in S
                if by_status[status.label]
            ],
            query_without_page=query.urlencode(),
            may_propose=policy(user).may("add"),
            may_import=may_import_loci(user),
            year=self.filterset.chosen_year,
            crumbs=[(_("Lokus"), "")],
        )
        return context


def _query_with(query, **changes) -> str:
    query = query.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


class LocusExportView(LocusFilterMixin, ScopedObjectMixin, View):
    """The list's rows (same filters, same jurisdiction) as XLSX or CSV (``?format=xlsx|csv``)."""

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format", "xlsx")
        if fmt not in CONTENT_TYPES:
            raise BadRequest(_("Format ekspor tidak dikenal."))
        if not self.filterset.is_valid():
            messages.error(request, _("Saringan tidak valid; periksa pilihan di atas daftar."))
            return redirect(f"{reverse('locus:locus_list')}?{self.filterset.data.urlencode()}")
        year = self.filterset.chosen_year
        response = HttpResponse(loci_export(self.filtered_loci(), fmt=fmt), content_type=CONTENT_TYPES[fmt])
        filename = f"lokus-dp3-{year.year if year else 'semua'}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# --- one locus ---------------------------------------------------------------------------------------------


STEPS: dict[str, Step] = {
    step.slug: step
    for step in (
        Step(
            "tetapkan",
            S.DESIGNATED,
            gettext_lazy("Tetapkan"),
            DesignateForm,
            lambda actor, locus, d: services.locus_designate(
                actor=actor,
                locus=locus,
                decree_number=d["decree_number"],
                decree_date=d["decree_date"],
                decree_file=d.get("decree_file"),
                note=d["note"],
            ),
            field_map={"file": "decree_file"},
        ),
        Step(
            "pks",
            S.AGREEMENT_SIGNED,
            gettext_lazy("Catat PKS"),
            AgreementForm,
            lambda actor, locus, d: services.locus_record_agreement(
                actor=actor,
                locus=locus,
                agreement_number=d["agreement_number"],
                agreement_date=d["agreement_date"],
                signatories=d["agreement_signatories"],
                agreement_file=d.get("agreement_file"),
                note=d["note"],
            ),
            field_map={"file": "agreement_file"},
        ),
        Step(
            "aktifkan",
            S.ACTIVE,
            gettext_lazy("Aktifkan"),
            NoteForm,
            lambda actor, locus, d: services.locus_activate(actor=actor, locus=locus, note=d["note"]),
        ),
        Step(
            "selesaikan",
            S.CLOSED,
            gettext_lazy("Selesaikan"),
            NoteForm,
            lambda actor, locus, d: services.locus_close(actor=actor, locus=locus, note=d["note"]),
        ),
        Step(
            "tolak",
            S.REJECTED,
            gettext_lazy("Tolak"),
            RejectForm,
            lambda actor, locus, d: services.locus_reject(actor=actor, locus=locus, reason=d["reason"]),
            field_map={"status_reason": "reason"},
            danger=True,
        ),
        Step(
            "batalkan",
            S.CANCELLED,
            gettext_lazy("Batalkan"),
            CancelForm,
            lambda actor, locus, d: services.locus_cancel(actor=actor, locus=locus, reason=d["reason"]),
            field_map={"status_reason": "reason"},
            danger=True,
        ),
    )
}


def possible_steps(user, locus) -> list[Step]:
    return [step for step in STEPS.values() if services.may_transition(user, locus, step.target)]


class LocusQuerysetMixin(ScopedObjectMixin):
    """A locus with its places, through ``restrict(user, scope_action)``."""

    queryset = Locus.objects.with_places()


class LocusDetailView(LocusQuerysetMixin, DetailView):
    template_name = "locus/locus_detail.html"
    context_object_name = "locus"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locus, user = self.object, self.request.user
        village = locus.village
        evidence = locus_evidence(locus)
        may_change = policy(user).allows("change", locus)
        context.update(
            has_milestones=locus.status in rules.MILESTONE_LOCUS_STATUSES,
            # A designated locus has a part in the impact estimates: loaded from the impact app (htmx).
            has_impact=rules.is_treated_locus(locus.status),
            village=village,
            province=village.district.regency.province,
            time_zone=village.district.regency.province.time_zone,
            successor=village.current_successor() if village.is_retired else None,
            indicators=[(i, EVIDENCE_LEVELS.get(i.level, "")) for i in evidence["indicators"]],
            incidents=[(i, EVIDENCE_LEVELS.get(i.level, "")) for i in evidence["incidents"]],
            events=LocusEvent.objects.restrict(user, "view")
            .filter(locus=locus)
            .select_related("actor__office"),
            documents=LocusDocument.objects.restrict(user, "view")
            .filter(locus=locus)
            .select_related("uploaded_by"),
            history=locus_history(locus),
            steps=possible_steps(user, locus),
            may_update=may_change and locus.status == S.PROPOSED,
            may_add_document=may_change,
            crumbs=[loci_crumb(), (str(locus), "")],
        )
        return context


class LocusObjectFormView(LocusQuerysetMixin, ObjectFormMixin, FormView):
    """A form about one locus (its correction, a step, a document): the locus is loaded through
    ``restrict(user, scope_action)`` before anything else."""

    context_object_name = "locus"

    def get_success_url(self):
        return self.object.get_absolute_url()


class LocusCreateView(UserFormMixin, RoleRequiredMixin, FormView):
    """Propose a locus. The ranking page links here with ``?desa=<code>&kategori=<value>&tahun=<year>``."""

    scope_action = "add"
    form_class = LocusProposeForm
    template_name = "locus/locus_form.html"

    def get_initial(self):
        initial = super().get_initial()
        params = self.request.GET
        if params.get("desa"):
            initial["village"] = params["desa"].strip()[:20]
        if params.get("kategori"):
            initial["category"] = params["kategori"]
        # Without ``tahun`` the newest programme year is chosen (the first option).
        year = params.get("tahun", "")
        if year.isdigit() and ProgrammeYear.objects.filter(year=year).exists():
            initial["programme_year"] = int(year)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=[loci_crumb(), (_("Usulkan lokus"), "")], min_length=MIN_NAME_SEARCH_LENGTH, **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            locus = services.locus_propose(
                actor=self.request.user,
                village=data["village"],
                programme_year=data["programme_year"],
                category=data["category"],
                rationale=data["rationale"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(village)s diusulkan sebagai lokus DP3 %(year)s.")
            % {"village": locus.village.name, "year": locus.programme_year_id},
        )
        return redirect(locus)


class LocusUpdateView(LocusObjectFormView):
    """Correct the category or rationale of a locus while it is still a proposal."""

    scope_action = "change"
    form_class = LocusUpdateForm
    template_name = "locus/locus_form.html"

    required_status = S.PROPOSED
    wrong_status_message = gettext_lazy("Hanya lokus yang masih diusulkan yang dapat diubah.")

    def get_initial(self):
        return LocusUpdateForm.initial_for(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=locus_crumbs(self.object, (_("Ubah"), "")), **kwargs)

    def form_valid(self, form):
        try:
            services.locus_update(
                actor=self.request.user,
                locus=self.object,
                category=form.cleaned_data["category"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Usulan lokus diperbarui."))
        return redirect(self.get_success_url())


class LocusTransitionView(StepMixin, LocusObjectFormView):
    """One step of a locus (``tetapkan``, ``pks``, ``aktifkan``, ``selesaikan``, ``tolak``, ``batalkan``):
    GET shows its form, POST calls its service."""

    scope_action = "decide"
    template_name = "locus/locus_transition.html"
    steps = STEPS
    status_choices = S
    object_crumbs = staticmethod(locus_crumbs)
    transitions = services.TRANSITIONS
    wrong_step_message = gettext_lazy("Lokus berstatus %(current)s tidak dapat diubah menjadi %(target)s.")

    def refuse(self):
        refused = super().refuse()
        if refused is None and not services.may_transition(self.request.user, self.object, self.step.target):
            raise PermissionDenied
        return refused

    def form_valid(self, form):
        try:
            locus = self.step.perform(self.request.user, self.object, form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error, field_map=self.step.field_map)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Lokus %(village)s kini berstatus %(status)s.")
            % {"village": locus.village.name, "status": locus.get_status_display()},
        )
        return redirect(self.get_success_url())


# --- documents ---------------------------------------------------------------------------------------------


class DocumentCreateView(LocusObjectFormView):
    scope_action = "change"
    form_class = DocumentForm
    template_name = "locus/locus_document_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(crumbs=locus_crumbs(self.object, (_("Tambah dokumen"), "")), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            document = services.locus_document_add(
                actor=self.request.user,
                locus=self.object,
                kind=data["kind"],
                title=data["title"],
                upload=data["file"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Dokumen “%(title)s” diunggah.") % {"title": document.title})
        return redirect(self.get_success_url())


class DocumentDownloadView(LoginRequiredMixin, View):
    """A locus document, only for users who may see the locus (404 for anyone else); never a public link."""

    def get(self, request, pk):
        document = get_object_or_404(LocusDocument.objects.restrict(request.user, "view"), pk=pk)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("Berkas dokumen ini tidak ditemukan di penyimpanan.")) from exc
        extension = os.path.splitext(document.file.name)[1].lower()
        filename = f"{slugify(document.title) or 'dokumen'}{extension}"
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=document.content_type)


# --- the proposal form's village suggestions ------------------------------------------------------------


class VillageOptionsView(RoleRequiredMixin, TemplateView):
    """HTMX: up to 10 villages the user may propose, matching ``q`` by name or code."""

    scope_action = "add"
    template_name = "locus/_locus_village_options.html"

    def get_context_data(self, **kwargs):
        term = " ".join(self.request.GET.get("q", "").split())[:100]
        too_short = not is_code_term(term) and len(term) < MIN_NAME_SEARCH_LENGTH
        return super().get_context_data(
            term=term,
            too_short=too_short and bool(term),
            villages=[] if too_short else village_options(user=self.request.user, term=term),
            min_length=MIN_NAME_SEARCH_LENGTH,
            **kwargs,
        )
