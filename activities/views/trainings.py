"""Views of cadre trainings (pembekalan/bimtek): the list, a session (with its attendance screen), the
training overview of a locus and the attendance record of a cadre.

Every read goes through ``restrict(user, action)`` (``ScopedObjectMixin`` or the selectors): a session, locus
or cadre outside the user's jurisdiction is a 404, an action the role may not do a 403. Every write goes
through ``activities.services.trainings``; its ValidationErrors land on the fields they name."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from activities.filters import TrainingFilter
from activities.forms.trainings import (
    AttendanceForm,
    TrainingSessionForm,
)
from activities.models import TrainingSession
from activities.selectors import trainings as selectors
from activities.services import trainings as services
from cadre.models import Cadre
from kernel.forms import show_service_errors
from kernel.qr import qr_svg
from kernel.scoping.mixins import RoleRequiredMixin, ScopedObjectMixin
from kernel.scoping.policy import policy
from kernel.views import ObjectFormMixin, UserFormMixin
from locus.filters import default_year_data
from locus.models import Locus


def trainings_crumb() -> tuple[str, str]:
    return (_("Pembekalan kader"), reverse("activities:training_list"))


def session_crumbs(session: TrainingSession, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [trainings_crumb(), (session_title(session), session.get_absolute_url()), *current]


def session_title(session: TrainingSession) -> str:
    return _("Sesi %(number)s dari %(planned)s · %(topic)s") % {
        "number": session.session_number,
        "planned": session.programme_year.planned_sessions,
        "topic": session.topic,
    }


class TrainingQuerysetMixin(ScopedObjectMixin):
    queryset = TrainingSession.objects.select_related("regency__province", "programme_year", "created_by")


# --- the list ----------


class TrainingListView(ScopedObjectMixin, ListView):
    template_name = "activities/training_list.html"
    context_object_name = "sessions"
    paginate_by = 25

    @cached_property
    def filterset(self) -> TrainingFilter:
        user = self.request.user
        return TrainingFilter(
            default_year_data(self.request.GET, user=user),
            queryset=selectors.training_list(user=user),
            user=user,
        )

    def get_queryset(self):
        filterset = self.filterset
        return filterset.qs.distinct() if filterset.is_valid() else filterset.queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.filterset.data.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            year=self.filterset.chosen_year,
            query_without_page=query.urlencode(),
            may_add=policy(self.request.user).may("add"),
            crumbs=[(_("Pembekalan kader"), "")],
        )
        return context


# --- one session ----------


class TrainingDetailView(TrainingQuerysetMixin, DetailView):
    template_name = "activities/training_detail.html"
    context_object_name = "session"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session, user = self.object, self.request.user
        sheet = selectors.attendance_sheet(user=user, session=session)
        rates = selectors.training_attendance_rates(user=user, sessions=[session])
        loci_rates = selectors.session_locus_rates(user=user, session=session)
        context.update(
            title=session_title(session),
            time_zone=session.time_zone,
            loci_rates=loci_rates,
            rate=rates.get(session.pk, selectors.NO_RATE),
            sheet=sheet,
            facilitators=[line for line in session.facilitators.splitlines() if line.strip()],
            history=selectors.record_history(session, time_zone=session.time_zone),
            may_change=policy(user).allows("change", session),
            may_delete=policy(user).allows("delete", session),
            may_show_check_in=policy(user).allows("change", session),
            may_record=policy(user).allows("change", session) and session.has_started,
            crumbs=[trainings_crumb(), (session_title(session), "")],
        )
        return context


class TrainingCheckInQRView(TrainingQuerysetMixin, DetailView):
    """The session's "QR presensi": cadres scan it with their phones to check in
    (``services.attendance_check_in``). Shown to those who may change the session."""

    template_name = "activities/training_check_in_qr.html"
    context_object_name = "session"
    scope_action = "change"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        code = services.check_in_code(session)
        url = self.request.build_absolute_uri(reverse("cadre_app:check_in", args=[code]))
        day = session.local_date
        context.update(
            title=_("QR presensi"),
            code=code,
            url=url,
            qr=qr_svg(url, title=_("Kode QR presensi sesi pembekalan")),
            valid_from=day,
            valid_to=day + dt.timedelta(days=services.CHECK_IN_DAYS_AFTER),
            valid_now=services.check_in_code_valid(session),
            crumbs=session_crumbs(session, (_("QR presensi"), "")),
        )
        return context


class TrainingCreateView(UserFormMixin, RoleRequiredMixin, FormView):
    """Plan a session; ``?lokus=<pk>`` ticks that locus."""

    scope_action = "add"
    form_class = TrainingSessionForm
    template_name = "activities/training_form.html"

    def get_initial(self):
        initial = {"mode": "luring"}
        pk = self.request.GET.get("lokus", "")
        locus = (
            Locus.objects.restrict(self.request.user, "add").filter(pk=pk).first() if pk.isdecimal() else None
        )
        if locus is not None:
            initial.update(loci=[locus], programme_year=locus.programme_year_id)
        return initial

    def get_context_data(self, **kwargs):
        title = _("Rencanakan sesi pembekalan")
        return super().get_context_data(
            title=title,
            cancel_url=reverse("activities:training_list"),
            crumbs=[trainings_crumb(), (title, "")],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            session = services.training_session_create(
                actor=self.request.user,
                programme_year=form.cleaned_data["programme_year"],
                **form.service_kwargs(),
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Sesi pembekalan tersimpan."))
        return redirect(session)


class TrainingObjectFormView(TrainingQuerysetMixin, ObjectFormMixin, FormView):
    context_object_name = "session"


class TrainingUpdateView(TrainingObjectFormView):
    scope_action = "change"
    form_class = TrainingSessionForm
    template_name = "activities/training_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, session=self.object)
        return kwargs

    def get_initial(self):
        return TrainingSessionForm.initial_for(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ubah sesi pembekalan"),
            cancel_url=self.object.get_absolute_url(),
            crumbs=session_crumbs(self.object, (_("Ubah"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            session = services.training_session_update(
                actor=self.request.user, session=self.object, **form.service_kwargs()
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Sesi pembekalan diperbarui."))
        return redirect(session)


class TrainingDeleteView(TrainingObjectFormView):
    scope_action = "delete"
    form_class = forms.Form
    template_name = "activities/activity_confirm_delete.html"
    success_url = reverse_lazy("activities:training_list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Hapus sesi pembekalan"),
            object_label=session_title(self.object),
            warning=_("Kehadiran dan nilai yang tercatat pada sesi ini ikut terhapus."),
            cancel_url=self.object.get_absolute_url(),
            crumbs=session_crumbs(self.object, (_("Hapus"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        services.training_session_delete(actor=self.request.user, session=self.object)
        messages.success(self.request, _("Sesi pembekalan dihapus."))
        return redirect(self.success_url)


class TrainingAttendanceView(TrainingObjectFormView):
    """The attendance of the session's cadres, one card per cadre; one POST saves all cards shown or none.

    A session of several loci is recorded one locus at a time (``?lokus=<pk>``, the locus tabs; a phone
    shows a few dozen cards rather than the whole session): without ``lokus`` a GET asks for the locus
    first, ``?lokus=semua`` shows every locus, and a POST without it takes the whole sheet, as before."""

    ALL = "semua"

    scope_action = "change"
    form_class = AttendanceForm
    template_name = "activities/training_attendance.html"

    def refuse(self):
        if not self.object.has_started:
            messages.warning(self.request, _("Kehadiran baru dapat dicatat setelah sesi berlangsung."))
            return redirect(self.object)
        return None

    @cached_property
    def full_sheet(self):
        return selectors.attendance_sheet(user=self.request.user, session=self.object)

    @cached_property
    def loci(self):
        return selectors.attendance_loci(session=self.object, sheet=self.full_sheet)

    @cached_property
    def chosen(self):
        """The chosen ``SheetLocus``, ``ALL`` for every locus, or None when nothing (valid) was chosen."""
        value = self.request.GET.get("lokus", "")
        if value == self.ALL:
            return self.ALL
        return next((entry for entry in self.loci if str(entry.locus.pk) == value), None)

    @property
    def choosing(self) -> bool:
        """Several loci and none chosen: the page asks for a locus before showing any card."""
        return self.request.method == "GET" and self.chosen is None and len(self.loci) > 1

    @cached_property
    def sheet(self):
        if self.chosen is None or self.chosen == self.ALL:
            return self.full_sheet
        return [row for row in self.full_sheet if row.cadre.locus_id == self.chosen.locus.pk]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["sheet"] = self.sheet
        return kwargs

    def get_context_data(self, **kwargs):
        chosen = self.chosen
        return super().get_context_data(
            title=session_title(self.object),
            time_zone=self.object.time_zone,
            loci=self.loci,
            chosen=None if chosen == self.ALL else chosen,
            showing_all=chosen == self.ALL or (chosen is None and len(self.loci) > 1),
            choosing=self.choosing,
            marked=sum(1 for row in self.sheet if row.attendance is not None),
            crumbs=session_crumbs(self.object, (_("Kehadiran"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.attendance_record(actor=self.request.user, session=self.object, rows=form.rows())
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        chosen = self.chosen
        if chosen is not None and chosen != self.ALL and len(self.loci) > 1:
            messages.success(
                self.request,
                _("Kehadiran kader %(village)s tersimpan. Pilih lokus berikutnya.")
                % {"village": chosen.locus.village.name},
            )
            return redirect(reverse("activities:training_attendance", args=[self.object.pk]))
        messages.success(self.request, _("Kehadiran tersimpan."))
        return redirect(self.object)


# --- a locus and a cadre ----------


class LocusTrainingView(ScopedObjectMixin, DetailView):
    """The trainings of a locus: sessions held of those planned, the rate of each session, each cadre's
    rate and gain."""

    queryset = Locus.objects.with_places()
    template_name = "activities/training_locus.html"
    context_object_name = "locus"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        locus, user = self.object, self.request.user
        context.update(
            summary=selectors.locus_training_summary(user=user, locus=locus),
            time_zone=locus.village.district.regency.province.time_zone,
            may_add=policy(user).allows("add", locus),
            crumbs=[trainings_crumb(), (locus.village.name, "")],
        )
        return context


class CadreTrainingView(ScopedObjectMixin, DetailView):
    """The attendance record of one cadre: every session, status, scores, and the cadre's rate and gain."""

    queryset = Cadre.objects.select_related("locus__village__district__regency__province")
    template_name = "activities/training_cadre.html"
    context_object_name = "cadre"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cadre = self.object
        records, rate = selectors.cadre_training_record(user=self.request.user, cadre=cadre)
        context.update(
            records=records,
            rate=rate,
            time_zone=cadre.locus.village.district.regency.province.time_zone,
            crumbs=[
                trainings_crumb(),
                (cadre.locus.village.name, reverse("activities:training_locus", args=[cadre.locus_id])),
                (cadre.full_name, ""),
            ],
        )
        return context
