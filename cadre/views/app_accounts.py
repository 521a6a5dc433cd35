"""The office's side of the cadre app: inviting a cadre (a one-time link and its QR code) and revoking a
cadre's phone. Each view reads the cadre through the one access policy (another jurisdiction's cadre is a
404; a role that may not change cadres a 403); the rules are ``cadre.accounts``'s."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from cadre import accounts
from cadre.models import CadreDevice
from kernel.qr import qr_svg

from .roster import CadreQuerysetMixin, cadre_crumbs


def invitation_qr(url: str) -> str:
    return qr_svg(url, title=_("Kode QR tautan undangan aplikasi kader"), scale=6)


class CadreInviteView(CadreQuerysetMixin, SingleObjectMixin, View):
    """POST: a new one-time invitation of the cadre to the cadre app, shown once (link, QR code, expiry): only
    its hash is kept, so the page is the answer of the POST and cannot be opened again."""

    scope_action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        cadre = self.object = self.get_object()
        try:
            invitation = accounts.invite_cadre(request.user, cadre)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(cadre.get_absolute_url())
        url = request.build_absolute_uri(invitation.path)
        context = self.get_context_data(
            object=cadre,
            cadre=cadre,
            invitation=invitation.invitation,
            url=url,
            qr=invitation_qr(url),
            time_zone=cadre.locus.village.district.regency.province.time_zone,
            crumbs=cadre_crumbs(cadre, (_("Undangan aplikasi kader"), "")),
        )
        return TemplateResponse(request, "cadre/cadre_invitation.html", context)


class CadreDeviceRevokeView(CadreQuerysetMixin, SingleObjectMixin, View):
    """POST: revoke one of the cadre's phones (lost or handed on): its next request is signed out."""

    scope_action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        cadre = self.object = self.get_object()
        device = get_object_or_404(CadreDevice, pk=kwargs["device"], account__cadre=cadre)
        if not accounts.may_invite(request.user, cadre):
            raise PermissionDenied
        accounts.revoke_device(request.user, device)
        messages.success(
            request,
            _("Perangkat %(name)s dicabut: aplikasi kader di perangkat itu keluar.")
            % {"name": device.name or _("tanpa nama")},
        )
        return redirect(cadre.get_absolute_url())
