"""The personal-data access report of one officer (UU 27/2022): every full-NIK view, export and refusal by an
account of the administrator's jurisdiction, over a period, on a page and as a CSV or XLSX file.

Administrators only (403 for every other role); an account outside the jurisdiction is a 404, and of the
officer's records only those about cadres of the jurisdiction are listed
(``selectors.nik_access_by_officer``).
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, View

from accounts import selectors as account_selectors
from accounts.models import User
from cadre import selectors
from cadre.forms import NikAccessPeriodForm
from cadre.models import NikAccess
from kernel.scoping.mixins import RoleRequiredMixin
from kernel.spreadsheets import CONTENT_TYPES, write_table

EXPORT_HEADERS = [
    gettext_lazy("Waktu"),
    gettext_lazy("Tindakan"),
    gettext_lazy("NIK kader (disamarkan)"),
    gettext_lazy("Nama kader"),
    gettext_lazy("Desa lokus"),
    gettext_lazy("Alasan"),
]


def _period_query(form: NikAccessPeriodForm) -> str:
    values = {name: form.data.get(name, "") for name in ("dari", "sampai") if form.data.get(name)}
    return urlencode(values)


def _users_crumb() -> tuple[str, str]:
    return (_("Pengguna"), reverse("accounts:user_list"))


class NikAccessIndexView(RoleRequiredMixin, View):
    """Choose the officer (by user name) and the period; a valid choice opens the officer's report."""

    scope_action = "manage"

    def get(self, request):
        form = NikAccessPeriodForm(request.GET or None, officer_required=True)
        if form.is_bound and form.is_valid():
            username = form.cleaned_data["pengguna"].strip()
            officer = account_selectors.user_list(user=request.user).filter(username__iexact=username).first()
            if officer is not None:
                url = reverse("cadre:nik_access_officer", args=[officer.pk])
                query = _period_query(form)
                return redirect(f"{url}?{query}" if query else url)
            form.add_error(
                "pengguna",
                _("Pengguna “%(name)s” tidak ada di wilayah kerja Anda.") % {"name": username},
            )
        return render(
            request,
            "cadre/nik_access_index.html",
            {"form": form, "crumbs": [_users_crumb(), (_("Akses NIK per petugas"), "")]},
        )


class OfficerMixin(RoleRequiredMixin):
    """The officer of the URL, an account the administrator manages (404 otherwise), and the period."""

    scope_action = "manage"

    @cached_property
    def officer(self) -> User:
        try:
            return account_selectors.user_get(user=self.request.user, pk=self.kwargs["pk"])
        except User.DoesNotExist:
            raise Http404 from None

    @cached_property
    def form(self) -> NikAccessPeriodForm:
        return NikAccessPeriodForm(self.request.GET or None)

    @cached_property
    def time_zone(self) -> str:
        return self.request.user.time_zone

    def records(self):
        form = self.form
        if form.is_bound and not form.is_valid():
            return NikAccess.objects.none()
        cleaned = form.cleaned_data if form.is_bound else {}
        return selectors.nik_access_by_officer(
            user=self.request.user,
            officer=self.officer,
            start=cleaned.get("dari"),
            end=cleaned.get("sampai"),
            time_zone=self.time_zone,
        )


class NikAccessOfficerView(OfficerMixin, ListView):
    template_name = "cadre/nik_access_officer.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        return self.records()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        officer = self.officer
        context.update(
            officer=officer,
            form=self.form,
            time_zone=self.time_zone,
            period_query=_period_query(self.form),
            crumbs=[
                _users_crumb(),
                (str(officer), reverse("accounts:user_detail", args=[officer.pk])),
                (_("Akses NIK"), ""),
            ],
        )
        return context


class NikAccessOfficerExportView(OfficerMixin, View):
    """The same records as a file: ``csv`` or ``xlsx``. A period that cannot be read goes back to the page,
    which names the field."""

    def get(self, request, pk: int, fmt: str):
        if fmt not in CONTENT_TYPES:
            raise Http404
        officer = self.officer
        if self.form.is_bound and not self.form.is_valid():
            url = reverse("cadre:nik_access_officer", args=[officer.pk])
            return redirect(f"{url}?{request.GET.urlencode()}")
        rows = selectors.nik_access_rows(self.records(), time_zone=self.time_zone)
        content = write_table([str(header) for header in EXPORT_HEADERS], rows, fmt=fmt, title=_("Akses NIK"))
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="akses-nik-{slugify(officer.username)}-{stamp}.{fmt}"'
        )
        return response
