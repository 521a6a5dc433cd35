"""Pages of advocacy engagements (advokasi): the list with its filters and the budget asked and mobilised, an
engagement (with its documents and history), the form, the party's decision, and documents.

Every read goes through ``AdvocacyEngagement.objects.restrict(user, action)`` (``ScopedObjectMixin``): an
engagement outside the jurisdiction is a 404, an action the role may not do a 403, and so is a change to
another office's engagement (a province reading its regency's: ``services.may_change``). Every write goes
through ``activities.services.advocacy``; its ValidationErrors land on the form field they name."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, View

from activities.filters import YEAR, AdvocacyFilter
from activities.forms.advocacy import DecisionForm, DocumentForm, EngagementForm
from activities.models import AdvocacyDocument, AdvocacyEngagement
from activities.selectors import advocacy as selectors
from activities.services import advocacy as services
from kernel.forms import show_service_errors
from kernel.scoping.mixins import RoleRequiredMixin, ScopedObjectMixin
from kernel.views import ObjectFormMixin


def advocacy_crumb() -> tuple[str, str]:
    return (_("Advokasi"), reverse("activities:advocacy_list"))


def engagement_crumbs(engagement: AdvocacyEngagement, *current: tuple[str, str]) -> list[tuple[str, str]]:
    return [advocacy_crumb(), (engagement.title, engagement.get_absolute_url()), *current]


class AdvocacyListView(ScopedObjectMixin, ListView):
    """Engagements of the jurisdiction (a province's regencies' too), newest first, with the budget asked and
    mobilised of everything the filters select (not only the page's rows)."""

    template_name = "activities/advocacy_list.html"
    context_object_name = "engagements"
    paginate_by = 25

    @cached_property
    def filterset(self) -> AdvocacyFilter:
        user = self.request.user
        data = self.request.GET.copy()
        if YEAR not in data:
            year = selectors.latest_advocacy_year(user=user)
            data[YEAR] = str(year) if year else ""
        return AdvocacyFilter(data, queryset=selectors.advocacy_list(user=user))

    def filtered(self):
        filterset = self.filterset
        return filterset.qs if filterset.is_valid() else filterset.queryset.none()

    def get_queryset(self):
        return selectors.for_listing(self.filtered())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        query = self.filterset.data.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            year=self.filterset.chosen_year,
            budget=selectors.budget_of(self.filtered()),
            may_add=services.may_record(user, services.recording_office(user)),
            query_without_page=query.urlencode(),
            crumbs=[(_("Advokasi"), "")],
        )
        return context


class AdvocacyQuerysetMixin(ScopedObjectMixin):
    queryset = AdvocacyEngagement.objects.select_related("office__province", "programme_year", "created_by")
    context_object_name = "engagement"


class AdvocacyDetailView(AdvocacyQuerysetMixin, DetailView):
    template_name = "activities/advocacy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        engagement, user = self.object, self.request.user
        context.update(
            documents=selectors.engagement_documents(user=user, engagement=engagement),
            history=selectors.engagement_history(engagement),
            time_zone=engagement.time_zone,
            may_change=services.may_change(user, engagement),
            crumbs=[advocacy_crumb(), (engagement.title, "")],
        )
        return context


class AdvocacyCreateView(RoleRequiredMixin, FormView):
    """Record an engagement of the user's own office (a province or regency office; KPU RI reads only)."""

    scope_action = "add"
    form_class = EngagementForm
    template_name = "activities/advocacy_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.office = services.recording_office(request.user)
            if not services.may_record(request.user, self.office):
                # A role that may not add, or KPU RI: it lobbies no regional government.
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        year = selectors.latest_advocacy_year(user=self.request.user)
        return {"programme_year": year} if year else {}

    def get_context_data(self, **kwargs):
        title = _("Catat advokasi")
        return super().get_context_data(
            title=title,
            office=self.office,
            cancel_url=reverse("activities:advocacy_list"),
            crumbs=[advocacy_crumb(), (title, "")],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            engagement = services.engagement_create(
                actor=self.request.user, office=self.office, data=form.engagement_data()
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Advokasi dicatat."))
        return redirect(engagement)


class AdvocacyObjectFormView(AdvocacyQuerysetMixin, ObjectFormMixin, FormView):
    """A form about one engagement: loaded through ``restrict(user, "change")`` (404 outside the
    jurisdiction), then refused (403) unless it is the user's own office's."""

    scope_action = "change"

    def refuse(self):
        if not services.may_change(self.request.user, self.object):
            raise PermissionDenied
        return super().refuse()


class AdvocacyUpdateView(AdvocacyObjectFormView):
    form_class = EngagementForm
    template_name = "activities/advocacy_form.html"

    def get_initial(self):
        return EngagementForm.initial_for(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ubah advokasi"),
            office=self.object.office,
            cancel_url=self.object.get_absolute_url(),
            crumbs=engagement_crumbs(self.object, (_("Ubah"), "")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            engagement = services.engagement_update(
                actor=self.request.user, engagement=self.object, data=form.engagement_data()
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Advokasi diperbarui."))
        return redirect(engagement)


class AdvocacyDecideView(AdvocacyObjectFormView):
    """The party's answer: approved with the budget committed, refused, or still awaited."""

    form_class = DecisionForm
    template_name = "activities/advocacy_decide.html"

    def get_initial(self):
        return DecisionForm.initial_for(self.object)

    def get_context_data(self, **kwargs):
        title = _("Keputusan pihak")
        return super().get_context_data(
            title=title,
            cancel_url=self.object.get_absolute_url(),
            crumbs=engagement_crumbs(self.object, (title, "")),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            engagement = services.engagement_decide(
                actor=self.request.user, engagement=self.object, **form.cleaned_data
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Status advokasi kini %(status)s.") % {"status": engagement.get_status_display().lower()},
        )
        return redirect(engagement)


class AdvocacyDocumentAddView(AdvocacyObjectFormView):
    form_class = DocumentForm
    template_name = "activities/advocacy_document_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            crumbs=engagement_crumbs(self.object, (_("Unggah dokumen"), "")), **kwargs
        )

    def form_valid(self, form):
        try:
            document = services.advocacy_document_add(
                actor=self.request.user,
                engagement=self.object,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            show_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Dokumen “%(title)s” diunggah.") % {"title": document.title})
        return redirect(self.object)


class AdvocacyDocumentView(LoginRequiredMixin, View):
    """A document, only for users who may see its engagement (404 for anyone else); never a public link.
    Photos and PDFs open in the browser (``?unduh=1`` downloads)."""

    def get(self, request, pk):
        document = get_object_or_404(AdvocacyDocument.objects.restrict(request.user, "view"), pk=pk)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("Berkas dokumen ini tidak ditemukan di penyimpanan.")) from exc
        extension = os.path.splitext(document.file.name)[1].lower()
        filename = f"{slugify(document.title) or 'dokumen'}{extension}"
        response = FileResponse(
            handle,
            as_attachment=request.GET.get("unduh") == "1",
            filename=filename,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        return response
