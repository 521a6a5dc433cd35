"""The API's resources (their writes in ``cadre_writes``, ``outreach`` and ``trainings``). Every scoped
queryset goes through the one access policy (``Model.objects.restrict(user, "view")``): a row outside the
user's jurisdiction is not in the list and its detail is a 404, as on the pages. Regions and programme years
are public reference data to every signed-in user, as in the region browser."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from cadre.models import Cadre
from locus.models import District, Locus, ProgrammeYear, Province, Regency, Village

from . import filters, serializers
from .cadre_writes import CadreWritesMixin
from .conditional import ETagMixin


class ReadOnlyViewSet(ETagMixin, viewsets.ReadOnlyModelViewSet):
    cursor_ordering = "pk"


class RegionViewSet(ReadOnlyViewSet):
    """A level of the Kemendagri region tree, retired codes included (``retired_at``, ``successor``)."""

    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    cursor_ordering = "code"


@extend_schema_view(list=extend_schema(summary="Provinces"), retrieve=extend_schema(summary="A province"))
class ProvinceViewSet(RegionViewSet):
    queryset = Province.objects.all()
    serializer_class = serializers.ProvinceSerializer
    filterset_class = filters.RetiredFilterSet


@extend_schema_view(list=extend_schema(summary="Regencies"), retrieve=extend_schema(summary="A regency"))
class RegencyViewSet(RegionViewSet):
    queryset = Regency.objects.all()
    serializer_class = serializers.RegencySerializer
    filterset_class = filters.RegencyFilter


@extend_schema_view(list=extend_schema(summary="Districts"), retrieve=extend_schema(summary="A district"))
class DistrictViewSet(RegionViewSet):
    queryset = District.objects.all()
    serializer_class = serializers.DistrictSerializer
    filterset_class = filters.DistrictFilter


@extend_schema_view(list=extend_schema(summary="Villages"), retrieve=extend_schema(summary="A village"))
class VillageViewSet(RegionViewSet):
    queryset = Village.objects.all()
    serializer_class = serializers.VillageSerializer
    filterset_class = filters.VillageFilter


@extend_schema_view(
    list=extend_schema(summary="Programme years"), retrieve=extend_schema(summary="A programme year")
)
class ProgrammeYearViewSet(ReadOnlyViewSet):
    """A programme year with its rules and the voter segments a cadre may represent."""

    queryset = ProgrammeYear.objects.all()
    serializer_class = serializers.ProgrammeYearSerializer
    cursor_ordering = "-year"

    def get_queryset(self):
        return ProgrammeYear.objects.prefetch_related("segments", "required_segments")  # Segment's ordering


@extend_schema_view(list=extend_schema(summary="Loci"), retrieve=extend_schema(summary="A locus"))
class LocusViewSet(ReadOnlyViewSet):
    """Loci within the user's jurisdiction, each with its status history (oldest first)."""

    queryset = Locus.objects.none()
    serializer_class = serializers.LocusSerializer
    filterset_class = filters.LocusFilter

    def get_queryset(self):
        return (
            Locus.objects.restrict(self.request.user, "view")
            .select_related("village")
            .prefetch_related("events")  # oldest first: LocusEvent's ordering
        )


@extend_schema_view(
    list=extend_schema(summary="Cadres", description="Cadres within the user's jurisdiction; NIK masked."),
    retrieve=extend_schema(
        summary="A cadre", description="A cadre as its page shows one, contacts included; NIK masked."
    ),
)
class CadreViewSet(CadreWritesMixin, ReadOnlyViewSet):
    """Cadres within the user's jurisdiction; their registration, recruitment steps and full NIK
    (``cadre_writes``)."""

    queryset = Cadre.objects.none()
    filterset_class = filters.CadreFilter

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CadreDetailSerializer
        return serializers.CadreSerializer

    def get_queryset(self):
        cadres = Cadre.objects.restrict(self.request.user, "view").select_related("locus")
        if self.action == "retrieve":
            cadres = cadres.prefetch_related("segments")
        return cadres


class NotFoundView(APIView):
    """Any other path under /api/v1/ that ends in a slash: an identifier the route's pattern refuses
    (``cadres/0.5/``, ``provinces/x/``) or no such resource. The API's JSON 404, as for an object that is not
    there, rather than the site's HTML page; signed-in users only, as every resource (403 before)."""

    schema = None  # not an operation of the schema

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttling: as everywhere
        raise NotFound()
