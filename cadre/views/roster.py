"""Rosters of a locus, cadre pages, the recruitment steps and the logged reveal of a full NIK.

Every read goes through ``restrict(user, action)`` (``ScopedObjectMixin`` or ``cadre.selectors``): a cadre or
locus outside the user's jurisdiction is a 404, an action the role may not do a 403. Every write goes through
``cadre.services``; its ValidationErrors land on the form field they name. The full NIK reaches a page only
through ``CadreRevealNikView`` (permission ``cadre.view_full_nik``, a reason, logged by the service)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView
from django.views.generic.detail import SingleObjectMixin

from cadre import accounts as app_accounts
from cadre import selectors
from cadre import services as svc
from cadre.choices import CadreStatus
from cadre.filters import YEAR, CadreFilter
from cadre.forms import (
    AppointForm,
    CadreForm,
    ConfirmForm,
    InterviewForm,
    ReasonForm,
    RevealNikForm,
    VerifyForm,
)
from cadre.models import Cadre
from kernel.forms import show_service_errors
from kernel.scoping.jurisdiction import REGENCY
from kernel.scoping.mixins import ScopedObjectMixin
from kernel.scoping.policy import policy
from kernel.views import ObjectFormMixin, Step, StepMixin
from locus.models import Locus
from locus.selectors.loci import latest_locus_year

S = CadreStatus


def cadres_crumb() -> tuple[str, str]:
    return (_("Kader"), reverse("cadre:cadre_list"))


def roster_crumbs(locus: Locus, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [cadres_crumb(), (str(locus), reverse("cadre:roster", args=[locus.pk])), *current]


def cadre_crumbs(cadre: Cadre, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [*roster_crumbs(cadre.locus), (cadre.full_name, cadre.get_absolute_url()), *current]


def _show_warnings(request, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


# --- the roster of a locus ----------


class RosterView(ScopedObjectMixin, DetailView):
    """The roster of a locus at a glance: fill, women's share, segments, ages, who waits for which step."""

    queryset = Locus.objects.with_places().select_related("programme_year")
    template_name = "cadre/roster.html"
    context_object_name = "locus"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locus, user = self.object, self.request.user
        context.update(
            summary=selectors.roster_summary(locus),
            cadres=selectors.roster_cadres(user=user, locus=locus),
            may_add=policy(user).allows("add", locus) and locus.status in svc.RECRUITING_LOCUS_STATUSES,
            crumbs=[cadres_crumb(), (str(locus), "")],
        )
        return context


# --- the list for provinces and KPU RI ----------


class CadreListView(ScopedObjectMixin, ListView):
    """Cadres of the jurisdiction with filters, and an overview of the loci of the chosen year."""

    model = Cadre
    template_name = "cadre/cadre_list.html"
    context_object_name = "cadres"
    paginate_by = 50

    @cached_property
    def filterset(self) -> CadreFilter:
        user = self.request.user
        data = self.request.GET.copy()
        if YEAR not in data:
            year = latest_locus_year(user=user)
            data[YEAR] = str(year) if year else ""
        return CadreFilter(data, queryset=selectors.cadre_list(user=user), user=user)

    def get_queryset(self):
        filterset = self.filterset
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.filterset.data.copy()
        query.pop("page", None)
        year = self.filterset.chosen_year
        regency = self.filterset.chosen_regency
        # One row per locus for a regency (chosen, or the office's own); above it the dashboards give the
        # figures by province and regency, and 5,000 rows were most of the page's time.
        overview_waits = regency is None and policy(self.request.user).level != REGENCY
        context.update(
            filter=self.filterset,
            year=year,
            overview=None
            if overview_waits
            else selectors.locus_overview(
                user=self.request.user,
                year=year.year if year else None,
                regency=regency.code if regency else None,
            ),
            overview_waits=overview_waits,
            query_without_page=query.urlencode(),
            today=timezone.localdate(),
            crumbs=[(_("Kader"), "")],
        )
        return context


# --- one cadre ----------


class CadreQuerysetMixin(ScopedObjectMixin):
    queryset = Cadre.objects.select_related(
        "locus__village__district__regency__province", "locus__programme_year", "domicile_village"
    )


STEPS: dict[str, Step] = {
    step.slug: step
    for step in (
        Step(
            "verifikasi",
            S.VERIFIED,
            gettext_lazy("Verifikasi"),
            VerifyForm,
            lambda actor, cadre, form: svc.cadre_verify(actor=actor, cadre=cadre, checklist=form.checklist()),
        ),
        Step(
            "wawancara",
            S.INTERVIEWED,
            gettext_lazy("Catat wawancara"),
            InterviewForm,
            lambda actor, cadre, form: svc.cadre_interview(
                actor=actor,
                cadre=cadre,
                notes=form.cleaned_data["interview_notes"],
                interviewed_on=form.cleaned_data["interviewed_on"],
            ),
        ),
        Step(
            "tetapkan",
            S.APPOINTED,
            gettext_lazy("Tetapkan dengan SK"),
            AppointForm,
            lambda actor, cadre, form: svc.cadre_appoint(
                actor=actor,
                cadre=cadre,
                decree_number=form.cleaned_data["decree_number"],
                decree_date=form.cleaned_data["decree_date"],
            ),
            action="decide",
        ),
        Step(
            "aktifkan",
            S.ACTIVE,
            gettext_lazy("Aktifkan"),
            ConfirmForm,
            lambda actor, cadre, form: svc.cadre_activate(actor=actor, cadre=cadre),
        ),
        Step(
            "tidak-memenuhi",
            S.INELIGIBLE,
            gettext_lazy("Tidak memenuhi syarat"),
            ReasonForm,
            lambda actor, cadre, form: svc.cadre_mark_ineligible(
                actor=actor, cadre=cadre, reason=form.cleaned_data["status_reason"]
            ),
            danger=True,
        ),
        Step(
            "mundur",
            S.RESIGNED,
            gettext_lazy("Mengundurkan diri"),
            ReasonForm,
            lambda actor, cadre, form: svc.cadre_resign(
                actor=actor, cadre=cadre, reason=form.cleaned_data["status_reason"]
            ),
            danger=True,
        ),
    )
}


def possible_steps(user, cadre: Cadre) -> list[Step]:
    return [
        step
        for step in STEPS.values()
        if step.target in svc.TRANSITIONS[cadre.status] and policy(user).allows(step.action, cadre)
    ]


class CadreDetailView(CadreQuerysetMixin, DetailView):
    template_name = "cadre/cadre_detail.html"
    context_object_name = "cadre"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cadre, user = self.object, self.request.user
        access = policy(user)
        context.update(
            age=selectors.cadre_age(cadre),
            segments=list(cadre.segments.all()),
            checklist=selectors.verification_checklist(cadre),
            timeline=selectors.status_timeline(cadre),
            history=selectors.cadre_history(cadre),
            time_zone=cadre.locus.village.district.regency.province.time_zone,
            steps=possible_steps(user, cadre),
            may_update=access.allows("change", cadre),
            may_replace=cadre.status == S.RESIGNED and access.allows("add", cadre.locus),
            may_add_follow_on=access.allows("add", cadre.locus)
            and cadre.recruited_by_id is None
            and cadre.status in svc.LIVE_STATUSES,
            may_reveal=svc.may_view_full_nik(user),
            may_see_report=access.may("manage"),
            reveal_form=RevealNikForm(),
            crumbs=roster_crumbs(cadre.locus, (cadre.full_name, "")),
            **selectors.cadre_detail_related(user=user, cadre=cadre),
            **app_accounts.office_view(user, cadre),
        )
        return context


class CadreRevealNikView(CadreQuerysetMixin, SingleObjectMixin, FormView):
    """HTMX POST: the full NIK of a cadre, for a user with ``cadre.view_full_nik`` who states a reason; the
    service logs it. Anyone else: 403 (the permission is checked before anything is loaded)."""

    http_method_names = ["post"]
    form_class = RevealNikForm
    template_name = "cadre/_reveal_nik.html"
    context_object_name = "cadre"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not svc.may_view_full_nik(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            nik = svc.cadre_reveal_nik(
                actor=self.request.user, cadre=self.object, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        return self.render_to_response(self.get_context_data(form=form, full_nik=nik))


class CadreAccessReportView(CadreQuerysetMixin, DetailView):
    """Who saw or exported the full NIK, and who changed the record: for administrators of the
    jurisdiction."""

    scope_action = "manage"
    template_name = "cadre/cadre_access_report.html"
    context_object_name = "cadre"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cadre = self.object
        context.update(
            accesses=selectors.nik_access_report(user=self.request.user, cadre=cadre),
            history=selectors.cadre_history(cadre),
            time_zone=cadre.locus.village.district.regency.province.time_zone,
            crumbs=cadre_crumbs(cadre, (_("Laporan akses"), "")),
        )
        return context


# --- forms ----------


class CadreFormMixin:
    template_name = "cadre/cadre_form.html"
    form_class = CadreForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, locus=self.locus)
        return kwargs


class CadreCreateView(CadreFormMixin, ScopedObjectMixin, SingleObjectMixin, FormView):
    """Register a cadre in a locus; ``?perekrut=<cadre pk>`` registers a follow-on cadre of that recruiter."""

    scope_action = "add"
    queryset = Locus.objects.with_places().select_related("programme_year")
    context_object_name = "locus"

    def setup_object(self):
        self.object = self.locus = self.get_object()
        if self.locus.status not in svc.RECRUITING_LOCUS_STATUSES:
            messages.warning(
                self.request,
                _("Kader hanya dapat didaftarkan di lokus yang sudah ditetapkan dan masih berjalan."),
            )
            return redirect("cadre:roster", self.locus.pk)
        return None

    @cached_property
    def recruiter(self) -> Cadre | None:
        pk = self.request.GET.get("perekrut", "")
        if not pk:
            return None
        if not pk.isdigit():
            raise Http404
        recruiter = (
            Cadre.objects.restrict(self.request.user, "view").filter(pk=pk, locus_id=self.locus.pk).first()
        )
        if recruiter is None:
            raise Http404
        return recruiter

    def get(self, request, *args, **kwargs):
        return self.setup_object() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.setup_object() or super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"domicile_village": self.locus.village_id}

    def get_context_data(self, **kwargs):
        title = _("Daftarkan kader lanjutan") if self.recruiter else _("Daftarkan kader")
        return super().get_context_data(
            title=title,
            recruiter=self.recruiter,
            crumbs=roster_crumbs(self.locus, (title, "")),
            cancel_url=reverse("cadre:roster", args=[self.locus.pk]),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            cadre, warnings = svc.cadre_register(
                actor=self.request.user,
                locus=self.locus,
                data=form.cadre_data(),
                statement=form.cleaned_data.get("nonpartisan_statement"),
                recruited_by=self.recruiter,
            )
        except ValidationError as error:
            show_service_errors(form, error, field_map={"nonpartisan_statement": "nonpartisan_statement"})
            return self.form_invalid(form)
        messages.success(self.request, _("Kader terdaftar dengan status Terdaftar."))
        _show_warnings(self.request, warnings)
        return redirect(cadre)


class CadreObjectFormView(CadreQuerysetMixin, ObjectFormMixin, FormView):
    """A form about one cadre: the cadre is loaded through ``restrict(user, scope_action)`` first."""

    context_object_name = "cadre"

    def get_object(self, queryset=None):
        cadre = super().get_object(queryset)
        self.locus = cadre.locus
        return cadre


class CadreUpdateView(CadreFormMixin, CadreObjectFormView):
    scope_action = "change"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cadre"] = self.object
        return kwargs

    def get_initial(self):
        return CadreForm.initial_for(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ubah data kader"),
            crumbs=cadre_crumbs(self.object, (_("Ubah"), "")),
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            cadre, warnings = svc.cadre_update(
                actor=self.request.user,
                cadre=self.object,
                data=form.cadre_data(),
                statement=form.cleaned_data.get("nonpartisan_statement"),
            )
        except ValidationError as error:
            show_service_errors(form, error, field_map={"nonpartisan_statement": "nonpartisan_statement"})
            return self.form_invalid(form)
        messages.success(self.request, _("Data kader diperbarui."))
        _show_warnings(self.request, warnings)
        return redirect(cadre)


class CadreReplaceView(CadreFormMixin, CadreObjectFormView):
    """The replacement of a cadre who resigned: the new cadre's data."""

    scope_action = "add"
    required_status = S.RESIGNED
    wrong_status_message = gettext_lazy("Hanya kader yang mengundurkan diri yang dapat diganti.")

    def get_initial(self):
        return {"domicile_village": self.locus.village_id}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Kader pengganti"),
            replaced=self.object,
            crumbs=cadre_crumbs(self.object, (_("Ganti"), "")),
            cancel_url=self.object.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            cadre, warnings = svc.cadre_replace(
                actor=self.request.user,
                cadre=self.object,
                data=form.cadre_data(),
                statement=form.cleaned_data.get("nonpartisan_statement"),
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Kader pengganti terdaftar; kader yang mundur kini berstatus Diganti.")
        )
        _show_warnings(self.request, warnings)
        return redirect(cadre)


class CadreStepView(StepMixin, CadreObjectFormView):
    """One recruitment step (verifikasi, wawancara, tetapkan, aktifkan, tidak-memenuhi, mundur): GET shows its
    form, POST calls its service."""

    template_name = "cadre/cadre_step.html"
    steps = STEPS
    status_choices = S
    object_crumbs = staticmethod(cadre_crumbs)
    transitions = svc.TRANSITIONS
    wrong_step_message = gettext_lazy("Kader berstatus %(current)s tidak dapat diubah menjadi %(target)s.")

    @property
    def scope_action(self) -> str:
        return self.step.action

    def form_valid(self, form):
        try:
            cadre = self.step.perform(self.request.user, self.object, form)
        except ValidationError as error:
            show_service_errors(form, error, field_map=self.step.field_map)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Status kader kini %(status)s.") % {"status": cadre.get_status_display()},
        )
        return redirect(cadre)
