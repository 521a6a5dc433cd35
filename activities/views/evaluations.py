"""Pages of locus evaluations: the list, an evaluation (figures beside the assessment, history), drafting from
a locus, editing, and the workflow steps (submit, approve, return, delete).

Every read goes through ``restrict(user, action)`` (``ScopedObjectMixin``): an evaluation or locus outside the
jurisdiction is a 404, an action the role may not do a 403, and so is a step that belongs to another level
(a province office drafting, a regency office approving). A step the evaluation's status does not allow
(editing an approved evaluation) redirects to the evaluation with a message; the services refuse it too."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from activities.choices import EvaluationStage
from activities.filters import YEAR, EvaluationFilter
from activities.forms.evaluations import ConfirmForm, EvaluationForm, ReviewNoteForm
from activities.models import LocusEvaluation
from activities.selectors import evaluations as selectors
from activities.services import evaluations as svc
from kernel.forms import show_service_errors
from kernel.scoping.mixins import ScopedObjectMixin
from locus.models import Locus


def evaluations_crumb() -> tuple[str, str]:
    return (_("Evaluasi lokus"), reverse("activities:evaluation_list"))


def evaluation_crumbs(evaluation: LocusEvaluation, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [evaluations_crumb(), (str(evaluation), evaluation.get_absolute_url()), *current]


def _time_zone(locus: Locus) -> str:
    return locus.village.district.regency.province.time_zone


class EvaluationListView(ScopedObjectMixin, ListView):
    """Evaluations of the jurisdiction with filters; for a regency office also the loci still to evaluate."""

    model = LocusEvaluation
    template_name = "activities/evaluation_list.html"
    context_object_name = "evaluations"
    paginate_by = 25

    @cached_property
    def filterset(self) -> EvaluationFilter:
        user = self.request.user
        data = self.request.GET.copy()
        if YEAR not in data:
            year = selectors.latest_evaluation_year(user=user)
            data[YEAR] = str(year) if year else ""
        return EvaluationFilter(data, queryset=selectors.evaluation_list(user=user), user=user)

    def get_queryset(self):
        filterset = self.filterset
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year, regency = self.filterset.chosen_year, self.filterset.chosen_regency
        query = self.filterset.data.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            year=year,
            pending=selectors.loci_to_evaluate(
                user=user, year=year.year if year else None, regency=regency.code if regency else None
            )
            if svc.may_draft(user)
            else [],
            query_without_page=query.urlencode(),
            crumbs=[(_("Evaluasi lokus"), "")],
        )
        return context


class EvaluationQuerysetMixin(ScopedObjectMixin):
    queryset = LocusEvaluation.objects.select_related(
        "locus__village__district__regency__province", "locus__programme_year", "submitted_by", "approved_by"
    )
    context_object_name = "evaluation"


class EvaluationDetailView(EvaluationQuerysetMixin, DetailView):
    template_name = "activities/evaluation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation, user = self.object, self.request.user
        figures, frozen = selectors.evaluation_figures(evaluation)
        context.update(
            figures=selectors.figure_rows(figures),
            frozen=frozen,
            history=selectors.evaluation_history(evaluation),
            time_zone=_time_zone(evaluation.locus),
            may={step: svc.may_act(user, evaluation, step) for step in STEPS},
            incomplete=evaluation.is_editable and bool(svc.submit_missing(evaluation)),
            crumbs=[evaluations_crumb(), (str(evaluation), "")],
        )
        return context


class EvaluationCreateView(ScopedObjectMixin, SingleObjectMixin, FormView):
    """Draft the evaluation of a locus; ``?tahap=tengah|akhir`` preselects the stage."""

    scope_action = "add"
    queryset = Locus.objects.with_places().select_related("programme_year")
    context_object_name = "locus"
    template_name = "activities/evaluation_form.html"
    form_class = EvaluationForm

    def setup_object(self):
        self.object = self.locus = self.get_object()
        if not svc.may_draft(self.request.user):
            raise PermissionDenied
        if self.locus.status not in selectors.EVALUABLE_LOCUS_STATUSES:
            messages.warning(
                self.request, _("Hanya lokus yang sudah ditetapkan (dan sesudahnya) yang dapat dievaluasi.")
            )
            return redirect(self.locus)
        existing = LocusEvaluation.objects.restrict(self.request.user).filter(
            locus_id=self.locus.pk, stage=self.request.GET.get("tahap")
        )
        if self.request.method == "GET" and (evaluation := existing.first()):
            messages.info(self.request, _("Evaluasi tahap ini sudah ada."))
            return redirect(evaluation)
        return None

    def get(self, request, *args, **kwargs):
        return self.setup_object() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.setup_object() or super().post(request, *args, **kwargs)

    def get_initial(self):
        stage = self.request.GET.get("tahap", "")
        return {"stage": stage if stage in EvaluationStage.values else ""}

    def get_context_data(self, **kwargs):
        title = _("Evaluasi lokus baru")
        return super().get_context_data(
            title=title,
            figures=selectors.figure_rows(selectors.locus_evaluation_figures(locus=self.locus)),
            frozen=False,
            crumbs=[evaluations_crumb(), (str(self.locus), self.locus.get_absolute_url()), (title, "")],
            cancel_url=reverse("activities:evaluation_list"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            evaluation = svc.evaluation_create(actor=self.request.user, locus=self.locus, **form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Draf evaluasi disimpan."))
        return redirect(evaluation)


class EvaluationStepView(EvaluationQuerysetMixin, SingleObjectMixin, FormView):
    """A form about one evaluation: loaded through ``restrict(user, scope_action)``, then refused (403) if
    the step belongs to another level and redirected with a message if its status does not allow it."""

    step = ""
    title = ""
    template_name = "activities/evaluation_step.html"
    form_class = ConfirmForm
    button = ""
    danger = False
    success = ""

    def refuse(self):
        evaluation, user = self.object, self.request.user
        drafting = self.step in ("update", "submit", "delete")
        if not (svc.may_draft(user) if drafting else svc.may_review(user)):
            raise PermissionDenied
        if not svc.may_act(user, evaluation, self.step):
            messages.warning(
                self.request,
                _("Evaluasi berstatus %(status)s: langkah ini tidak tersedia.")
                % {"status": evaluation.get_status_display()},
            )
            return redirect(evaluation)
        return None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.refuse() or super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        figures, frozen = selectors.evaluation_figures(self.object)
        return super().get_context_data(
            title=self.title,
            button=self.button or self.title,
            danger=self.danger,
            figures=selectors.figure_rows(figures),
            frozen=frozen,
            time_zone=_time_zone(self.object.locus),
            crumbs=evaluation_crumbs(self.object, (str(self.title), "")),
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, str(self.success))
        return redirect(result or "activities:evaluation_list")


class EvaluationUpdateView(EvaluationStepView):
    step, scope_action = "update", "change"
    title = gettext_lazy("Ubah")
    template_name = "activities/evaluation_form.html"
    form_class = EvaluationForm
    success = gettext_lazy("Evaluasi diperbarui.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "with_stage": False}

    def get_initial(self):
        e = self.object
        return {"assessment": e.assessment, "findings": e.findings, "recommendations": e.recommendations}

    def get_context_data(self, **kwargs):
        return super().get_context_data(locus=self.object.locus, **kwargs)

    def perform(self, form):
        return svc.evaluation_update(actor=self.request.user, evaluation=self.object, **form.cleaned_data)


class EvaluationSubmitView(EvaluationStepView):
    step, scope_action = "submit", "decide"
    title = gettext_lazy("Ajukan ke KPU Provinsi")
    button = gettext_lazy("Ajukan")
    success = gettext_lazy("Evaluasi diajukan; angka capaian dibekukan pada saat ini.")

    def get_context_data(self, **kwargs):
        """What the assessment still lacks, each with its field's name, and where to fill it in (the edit
        page, for a user who may edit it): the page says so before the button is pressed."""
        evaluation, fields = self.object, LocusEvaluation._meta
        missing = [
            (capfirst(fields.get_field(name).verbose_name), message)
            for name, message in svc.submit_missing(evaluation).items()
        ]
        may_update = svc.may_act(self.request.user, evaluation, "update")
        return super().get_context_data(
            missing=missing,
            fill_url=reverse("activities:evaluation_update", args=[evaluation.pk]) if may_update else "",
            **kwargs,
        )

    def perform(self, form):
        return svc.evaluation_submit(actor=self.request.user, evaluation=self.object)


class EvaluationApproveView(EvaluationStepView):
    step, scope_action = "approve", "decide"
    title = gettext_lazy("Setujui")
    form_class = ReviewNoteForm
    success = gettext_lazy("Evaluasi disetujui; kini hanya dapat dibaca.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "required": False}

    def perform(self, form):
        return svc.evaluation_approve(
            actor=self.request.user, evaluation=self.object, note=form.cleaned_data["review_note"]
        )


class EvaluationReturnView(EvaluationStepView):
    step, scope_action = "return", "decide"
    title = gettext_lazy("Kembalikan untuk diperbaiki")
    button = gettext_lazy("Kembalikan")
    form_class = ReviewNoteForm
    danger = True
    success = gettext_lazy("Evaluasi dikembalikan ke KPU Kabupaten/Kota.")

    def perform(self, form):
        return svc.evaluation_return(
            actor=self.request.user, evaluation=self.object, note=form.cleaned_data["review_note"]
        )


class EvaluationDeleteView(EvaluationStepView):
    step, scope_action = "delete", "delete"
    title = gettext_lazy("Hapus")
    danger = True
    success = gettext_lazy("Evaluasi dihapus.")

    def perform(self, form):
        svc.evaluation_delete(actor=self.request.user, evaluation=self.object)
        return None


STEPS = {
    view.step: view
    for view in (
        EvaluationUpdateView,
        EvaluationSubmitView,
        EvaluationApproveView,
        EvaluationReturnView,
        EvaluationDeleteView,
    )
}
