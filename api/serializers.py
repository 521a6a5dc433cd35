"""What each resource answers: the fields its pages show, no more. A cadre's NIK is always masked
(``cadre.checks.mask_nik``, as on every page); the address, phone and e-mail are in a cadre's detail, as on
its page, never in the list."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cadre.checks import mask_nik
from cadre.models import Cadre
from locus.models import District, Locus, LocusEvent, ProgrammeYear, Province, Regency, Segment, Village

REGION_FIELDS = ["code", "name", "retired_at", "successor"]


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = [*REGION_FIELDS, "time_zone"]


class RegencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Regency
        fields = [*REGION_FIELDS, "kind", "province"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = [*REGION_FIELDS, "kind", "regency"]


class VillageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Village
        fields = [*REGION_FIELDS, "kind", "district"]


class SegmentSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True, help_text="The segment's name in the reader's language.")

    class Meta:
        model = Segment
        fields = ["code", "name", "label", "order"]


class ProgrammeYearSerializer(serializers.ModelSerializer):
    segments = SegmentSerializer(many=True, read_only=True)
    required_segments = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = ProgrammeYear
        fields = [
            "year",
            "aim",
            "description",
            "roster_size",
            "min_women_percent",
            "planned_sessions",
            "segments",
            "required_segments",
        ]


class LocusEventSerializer(serializers.ModelSerializer):
    note = serializers.CharField(source="shown_note", read_only=True)

    class Meta:
        model = LocusEvent
        fields = ["from_status", "to_status", "at", "note"]


class LocusSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name", read_only=True)
    district = serializers.CharField(source="village.district_id", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    events = LocusEventSerializer(many=True, read_only=True)

    class Meta:
        model = Locus
        fields = [
            "id",
            "programme_year",
            "province",
            "regency",
            "district",
            "village",
            "village_name",
            "category",
            "status",
            "status_label",
            "status_reason",
            "decree_number",
            "decree_date",
            "agreement_number",
            "agreement_date",
            "created_at",
            "updated_at",
            "events",
        ]


class CadreSerializer(serializers.ModelSerializer):
    """A cadre as the roster and the cadre list show one."""

    nik = serializers.SerializerMethodField(help_text="Masked: 180611******0001.")
    village = serializers.CharField(source="locus.village_id", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Cadre
        fields = [
            "id",
            "programme_year",
            "province",
            "regency",
            "locus",
            "village",
            "nik",
            "full_name",
            "sex",
            "status",
            "status_label",
            "recruited_on",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_nik(self, cadre) -> str:
        return mask_nik(cadre.nik)


class CadreDetailSerializer(CadreSerializer):
    """A cadre as its page shows one: the list's fields with the identity, contacts and recruitment."""

    segments = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta(CadreSerializer.Meta):
        fields = [
            *CadreSerializer.Meta.fields,
            "birth_place",
            "birth_date",
            "address",
            "domicile_village",
            "phone",
            "email",
            "education",
            "occupation",
            "segments",
            "disability",
            "nonpartisan",
            "interest_ppk",
            "interest_pps",
            "interest_kpps",
            "status_reason",
            "interviewed_on",
            "decree_number",
            "decree_date",
            "replaces",
            "created_at",
        ]
