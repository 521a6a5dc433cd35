"""Advocacy engagements in the API: the list and an engagement as their pages show them, read only.

The list is the advocacy list page's selector (``activities.selectors.advocacy.advocacy_list``:
``AdvocacyEngagement.objects.restrict(user, "view")``): a province office sees its own engagements and its
regencies', KPU RI all. Amounts are whole Rupiah; ``budget_mobilised`` is the rule's
(``locus.rules.budget_mobilised``: the committed budget of an approved engagement), as on the pages, the
dashboards and the recap. An engagement's detail adds its documents' titles and kinds (never the files,
which have their own restricted download)."""

from __future__ import annotations

import django_filters as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from accounts.choices import OfficeLevel
from activities.choices import AdvocacyKind, AdvocacyParty, AdvocacyStatus
from activities.models import AdvocacyDocument, AdvocacyEngagement
from activities.selectors import advocacy as selectors

from .filters import UpdatedSinceFilter, integer_filter
from .views import ReadOnlyViewSet

# --- serializers ----------


class AdvocacySerializer(serializers.ModelSerializer):
    """An engagement as a row of the advocacy list shows it, with its budget and decision."""

    office_name = serializers.CharField(source="office.name", read_only=True)
    office_level = serializers.ChoiceField(source="office.level", choices=OfficeLevel.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    party_kind_label = serializers.CharField(source="get_party_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    budget_mobilised = serializers.IntegerField(
        read_only=True,
        help_text="Rupiah mobilised: the budget committed when the engagement was approved, else 0.",
    )

    class Meta:
        model = AdvocacyEngagement
        fields = [
            "id",
            "programme_year",
            "office",
            "office_name",
            "office_level",
            "province",
            "regency",
            "held_on",
            "kind",
            "kind_label",
            "party_kind",
            "party_kind_label",
            "party_name",
            "title",
            "budget_asked",
            "budget_committed",
            "budget_mobilised",
            "status",
            "status_label",
            "decided_on",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "budget_asked": {"help_text": "Rupiah asked, a whole number."},
            "budget_committed": {"help_text": "Rupiah the party committed (0 unless approved)."},
            "decided_on": {"help_text": "The day the party approved or refused; null while awaited."},
        }


class AdvocacyDocumentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = AdvocacyDocument
        fields = ["id", "kind", "kind_label", "title", "content_type", "size", "uploaded_at"]


class AdvocacyDetailSerializer(AdvocacySerializer):
    documents = AdvocacyDocumentSerializer(many=True, read_only=True)

    class Meta(AdvocacySerializer.Meta):
        fields = [*AdvocacySerializer.Meta.fields, "summary", "decision_note", "note", "documents"]


# --- filters ----------


class AdvocacyFilter(filters.FilterSet):
    year = integer_filter("programme_year_id", "Programme year, e.g. 2021.")
    province = filters.CharFilter(field_name="province_id", help_text="Province code, e.g. 18.")
    regency = filters.CharFilter(field_name="regency_id", help_text="Regency code, e.g. 18.06.")
    office = integer_filter("office_id", "The office's id.")
    kind = filters.ChoiceFilter(choices=AdvocacyKind.choices)
    party_kind = filters.ChoiceFilter(choices=AdvocacyParty.choices)
    status = filters.MultipleChoiceFilter(choices=AdvocacyStatus.choices)
    updated_since = UpdatedSinceFilter()

    class Meta:
        model = AdvocacyEngagement
        fields = ["year", "province", "regency", "office", "kind", "party_kind", "status", "updated_since"]


# --- views ----------


@extend_schema_view(
    list=extend_schema(
        summary="Advocacy engagements",
        description="Engagements of the offices within the user's jurisdiction with regional governments, "
        "councils and other stakeholders, with the Rupiah asked, committed and mobilised.",
    ),
    retrieve=extend_schema(
        summary="An advocacy engagement",
        description="An engagement as its page shows it: the summary, the decision and the documents' "
        "titles.",
    ),
)
class AdvocacyViewSet(ReadOnlyViewSet):
    queryset = AdvocacyEngagement.objects.none()
    filterset_class = AdvocacyFilter

    def get_serializer_class(self):
        return AdvocacyDetailSerializer if self.action == "retrieve" else AdvocacySerializer

    def get_queryset(self):
        engagements = selectors.advocacy_list(user=self.request.user).select_related("office")
        if self.action == "retrieve":
            engagements = engagements.prefetch_related("documents")
        return engagements
