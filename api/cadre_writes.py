"""Writes on cadres: registering a cadre, its recruitment steps and the logged reveal of a full NIK, each
through the ``cadre.services`` call the roster and cadre pages make, so every rule and every message is
theirs.

The order of the refusals is the pages': a role that may not do the step at all is a 403 (as
``ScopedObjectMixin`` answers a page); a cadre outside the user's jurisdiction is a 404 (looked up through
``Cadre.objects.restrict(user, "view")``); then the input's JSON types (400), then the service (400 with its
messages, or 403 with its message). A locus outside the user's jurisdiction is answered exactly as a locus
that does not exist: a 400 on ``locus``. The nonpartisan statement (a file) is uploaded on the cadre's page,
not through the API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cadre import services as svc
from cadre.choices import VERIFICATION_ITEMS, Education
from cadre.forms import AppointForm, CadreForm, InterviewForm, RevealNikForm
from cadre.views.roster import STEPS
from locus.models import Locus

from .inputs import InputSerializer, StrictCharField
from .permissions import require_role
from .serializers import CadreDetailSerializer

REASON_HEADER = "X-Alasan-Akses"
CADRE_FORM = CadreForm.base_fields


def _text(max_length: int | None, help_text: str = "") -> StrictCharField:
    return StrictCharField(
        required=False, allow_blank=True, default="", max_length=max_length, help_text=help_text
    )


def _date(help_text: str = "") -> serializers.DateField:
    return serializers.DateField(required=False, allow_null=True, default=None, help_text=help_text)


def _flag(help_text: str = "") -> serializers.BooleanField:
    return serializers.BooleanField(required=False, default=False, help_text=help_text)


# --- input ----------


class CadreCreateSerializer(InputSerializer):
    """A cadre to register: the fields of the registration page (``cadre.services.CadreData``)."""

    locus = serializers.IntegerField(help_text="The id of a locus within the user's jurisdiction.")
    nik = _text(CADRE_FORM["nik"].max_length, "16 digits, as a JSON string (a JSON number is refused).")
    full_name = _text(CADRE_FORM["full_name"].max_length)
    sex = _text(None, "L or P.")
    birth_place = _text(CADRE_FORM["birth_place"].max_length)
    birth_date = _date()
    address = _text(CADRE_FORM["address"].max_length)
    domicile_village = _text(None, "Kemendagri code of the village of domicile, e.g. 18.06.11.2016.")
    phone = _text(CADRE_FORM["phone"].max_length, "As a JSON string, e.g. 0812-3456-7890.")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    education = serializers.ChoiceField(
        choices=Education.choices, required=False, allow_blank=True, default=""
    )
    occupation = _text(CADRE_FORM["occupation"].max_length)
    segments = serializers.ListField(
        child=StrictCharField(), required=False, default=list, help_text="Segment codes of the year."
    )
    disability = _text(CADRE_FORM["disability"].max_length, "Required for the disability segment.")
    nonpartisan = _flag("The cadre states not to be a member of a political party (required).")
    interest_ppk = _flag()
    interest_pps = _flag()
    interest_kpps = _flag()
    recruited_on = _date("Default: today within the locus' programme year, else the locus' decree date.")

    def cadre_data(self) -> svc.CadreData:
        data = {name: value for name, value in self.validated_data.items() if name != "locus"}
        data["domicile_village_code"] = data.pop("domicile_village")
        data["segment_codes"] = data.pop("segments")
        return svc.CadreData(**data)


CadreVerifySerializer = type(
    "CadreVerifySerializer",
    (InputSerializer,),
    {
        "__module__": __name__,
        "__doc__": "The verification checklist (``VERIFICATION_ITEMS``): every item must be true.",
        **{
            key: _flag(f"Checklist item “{key}”: every item must be true.")
            for key, _label in VERIFICATION_ITEMS
        },
    },
)


class CadreInterviewSerializer(InputSerializer):
    notes = _text(InterviewForm.base_fields["interview_notes"].max_length, "Interview notes (required).")
    interviewed_on = _date("The day of the interview (required).")


class CadreAppointSerializer(InputSerializer):
    decree_number = _text(AppointForm.base_fields["decree_number"].max_length, "Decree (SK) number.")
    decree_date = _date("Decree (SK) date.")


class CadreReasonSerializer(InputSerializer):
    reason = _text(None, "Why (required).")


class CadreEmptySerializer(InputSerializer):
    """No input."""


# --- output ----------


class CadreRegisteredSerializer(serializers.Serializer):
    cadre = CadreDetailSerializer(help_text="The registered cadre, NIK masked.")
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the registration page shows as warnings: accepted, worth a look.",
    )


# The service's field names that the API calls otherwise; a step's checklist is one message about the form.
SERVICE_FIELDS = {
    "interview_notes": "notes",
    "status_reason": "reason",
    "verification": api_settings.NON_FIELD_ERRORS_KEY,
}

# API step → the page's step (whose policy action the step needs), the input, and the page's service call.
STEP_OF = {
    "verify": (
        "verifikasi",
        CadreVerifySerializer,
        lambda actor, cadre, d: svc.cadre_verify(actor=actor, cadre=cadre, checklist=d),
    ),
    "interview": (
        "wawancara",
        CadreInterviewSerializer,
        lambda actor, cadre, d: svc.cadre_interview(
            actor=actor, cadre=cadre, notes=d["notes"], interviewed_on=d["interviewed_on"]
        ),
    ),
    "appoint": (
        "tetapkan",
        CadreAppointSerializer,
        lambda actor, cadre, d: svc.cadre_appoint(
            actor=actor, cadre=cadre, decree_number=d["decree_number"], decree_date=d["decree_date"]
        ),
    ),
    "activate": (
        "aktifkan",
        CadreEmptySerializer,
        lambda actor, cadre, d: svc.cadre_activate(actor=actor, cadre=cadre),
    ),
    "ineligible": (
        "tidak-memenuhi",
        CadreReasonSerializer,
        lambda actor, cadre, d: svc.cadre_mark_ineligible(actor=actor, cadre=cadre, reason=d["reason"]),
    ),
    "resign": (
        "mundur",
        CadreReasonSerializer,
        lambda actor, cadre, d: svc.cadre_resign(actor=actor, cadre=cadre, reason=d["reason"]),
    ),
}


def _step_schema(api_step: str, summary: str, description: str):
    return extend_schema(
        summary=summary,
        description=f"{description} Through the page's service; answers the cadre's detail.",
        request=STEP_OF[api_step][1],
        responses={200: CadreDetailSerializer},
    )


def _header_text(value: str) -> str:
    """A header's value as its sender wrote it: UTF-8 bytes arrive read as Latin-1 (WSGI)."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


class CadreWritesMixin:
    """The writes of ``CadreViewSet``: ``create`` and one action per recruitment step, and ``nik``."""

    no_etag_actions = frozenset({"nik"})

    def service_error_field(self, name: str) -> str:
        if self.action == "nik" and name == "reason":
            return REASON_HEADER
        return SERVICE_FIELDS.get(name, name)

    def _detail(self, pk: int):
        cadre = self.get_queryset().prefetch_related("segments").get(pk=pk)
        return CadreDetailSerializer(cadre, context=self.get_serializer_context()).data

    @extend_schema(
        summary="Register a cadre",
        description=(
            "Registers a candidate (status `terdaftar`) in a locus, through the registration page's "
            "service: its rules and messages. A locus outside the user's jurisdiction is answered as one "
            "that does not exist (400 on `locus`). The nonpartisan statement file is uploaded on the "
            "cadre's page."
        ),
        request=CadreCreateSerializer,
        responses={201: CadreRegisteredSerializer},
    )
    def create(self, request, *args, **kwargs):
        user = request.user
        require_role(user, "add")
        shape = CadreCreateSerializer(data=request.data)
        shape.is_valid(raise_exception=True)
        locus = (
            Locus.objects.restrict(user, "add")
            .select_related("programme_year", "village")
            .filter(pk=shape.validated_data["locus"])
            .first()
        )
        if locus is None:
            raise ValidationError({"locus": [_("Lokus tidak ditemukan.")]})
        cadre, warnings = svc.cadre_register(actor=user, locus=locus, data=shape.cadre_data())
        return Response(
            {"cadre": self._detail(cadre.pk), "warnings": warnings}, status=status.HTTP_201_CREATED
        )

    def _step(self, request, api_step: str):
        page_step, shape_class, perform = STEP_OF[api_step]
        require_role(request.user, STEPS[page_step].action)
        cadre = self.get_object()
        shape = shape_class(data=request.data)
        shape.is_valid(raise_exception=True)
        cadre = perform(request.user, cadre, dict(shape.validated_data))
        return Response(self._detail(cadre.pk))

    @_step_schema("verify", "Verify a cadre", "The verification checklist: `terdaftar` → `terverifikasi`.")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._step(request, "verify")

    @_step_schema("interview", "Record a cadre's interview", "`terverifikasi` → `wawancara`.")
    @action(detail=True, methods=["post"])
    def interview(self, request, pk=None):
        return self._step(request, "interview")

    @_step_schema(
        "appoint",
        "Appoint a cadre by decree",
        "`wawancara` → `ditetapkan`: commissioners and administrators.",
    )
    @action(detail=True, methods=["post"])
    def appoint(self, request, pk=None):
        return self._step(request, "appoint")

    @_step_schema("activate", "Activate a cadre", "`ditetapkan` → `aktif`; no input.")
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._step(request, "activate")

    @_step_schema("ineligible", "Mark a cadre ineligible", "Before appointment, with a reason.")
    @action(detail=True, methods=["post"])
    def ineligible(self, request, pk=None):
        return self._step(request, "ineligible")

    @_step_schema("resign", "Record a cadre's resignation", "With a reason.")
    @action(detail=True, methods=["post"])
    def resign(self, request, pk=None):
        return self._step(request, "resign")

    @extend_schema(
        summary="A cadre's full NIK",
        description=(
            "For an account holding the permission `cadre.view_full_nik`, with the reason in the "
            f"`{REASON_HEADER}` header (at least 10 characters); each answer is logged as on the cadre's "
            "page (the personal-data access report). Without the permission 403; without a reason 400 "
            f"naming `{REASON_HEADER}`. Never cached, no ETag."
        ),
        parameters=[
            OpenApiParameter(
                REASON_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Why the full NIK is needed, at least 10 characters (logged). UTF-8.",
            )
        ],
        responses={200: inline_serializer("CadreNik", {"nik": serializers.CharField()})},
    )
    @action(detail=True, methods=["get"])
    def nik(self, request, pk=None):
        # DRF answers HEAD as GET: an access would be logged and the NIK never seen.
        if request.method != "GET":
            raise exceptions.MethodNotAllowed(request.method)
        cadre = self.get_object()
        reason = _header_text(request.headers.get(REASON_HEADER, ""))
        limit = RevealNikForm.base_fields["reason"].max_length
        if len(reason.strip()) > limit:
            message = _("%(field)s paling banyak {max_length} karakter.") % {"field": REASON_HEADER}
            raise ValidationError({REASON_HEADER: [message.format(max_length=limit)]})
        nik = svc.cadre_reveal_nik(actor=request.user, cadre=cadre, reason=reason)
        return Response({"nik": nik}, headers={"Cache-Control": "no-store"})
