"""Reads about advocacy engagements for the pages, the dashboards, the recap and the API: the list, one
engagement's documents and history, and the budget asked and mobilised (``locus.rules.budget_mobilised``),
summed in one aggregate query (``budget_of``) or grouped by province or office (``budget_by_area``), always
over a queryset already restricted to the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from activities.models import AdvocacyDocument, AdvocacyEngagement
from kernel.history import change_history, history_value
from kernel.money import rupiah
from kernel.scoping.jurisdiction import NATIONAL
from locus import rules
from locus.rules import BudgetFigures

MONEY_FIELDS = frozenset({"budget_asked", "budget_committed"})
HIDDEN_IN_HISTORY = ("id", "province", "regency", "office", "created_by", "created_at")


def advocacy_list(*, user) -> QuerySet:
    """Engagements the user may see (plain: filter it, sum it with ``budget_of``, then ``for_listing``)."""
    return AdvocacyEngagement.objects.restrict(user, "view")


def for_listing(engagements: QuerySet) -> QuerySet:
    """A list page's rows: the office and the number of documents, newest first."""
    return (
        engagements.select_related("office")
        # A subquery per row of the page, not a join grouped over every engagement.
        .annotate(
            document_count=Coalesce(
                Subquery(
                    AdvocacyDocument.objects.filter(engagement_id=OuterRef("pk"))
                    .order_by()
                    .values("engagement_id")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
        .order_by("-held_on", "-pk")
    )


def latest_advocacy_year(*, user) -> int | None:
    """The newest programme year with an engagement in the user's jurisdiction."""
    return (
        advocacy_list(user=user)
        .order_by("-programme_year_id")
        .values_list("programme_year_id", flat=True)
        .first()
    )


# --- the budget ----------

# The sums every surface shows, from the one rule: engagements, approved ones, Rupiah asked and mobilised.
BUDGET_SUMS = {
    "engagements": Count("pk"),
    "approved": Count("pk", filter=Q(status=rules.ADVOCACY_APPROVED)),
    "asked": Coalesce(Sum("budget_asked"), 0),
    "mobilised": Coalesce(Sum(rules.budget_mobilised_expr()), 0),
}


def _figures(row: dict) -> BudgetFigures:
    return BudgetFigures(
        engagements=row["engagements"],
        approved=row["approved"],
        asked=row["asked"],
        mobilised=row["mobilised"],
    )


def budget_of(engagements: QuerySet) -> BudgetFigures:
    """The engagements of a restricted queryset and their budget asked and mobilised: one query."""
    return _figures(engagements.order_by().aggregate(**BUDGET_SUMS))


@dataclass(frozen=True)
class BudgetArea:
    """The budget of one province (the national view) or one office (a province's or a regency's view)."""

    code: str  # the province's code, or the office's region code (its regency's, or its province's)
    name: str
    figures: BudgetFigures
    is_province_office: bool = False


def budget_by_area(engagements: QuerySet, *, level: str) -> list[BudgetArea]:
    """The budget of a restricted queryset of engagements by province (``level`` NATIONAL) or else by office
    (a province's own office beside each of its regencies' offices): one grouped query, one row per province
    or office with engagements, ordered by code."""
    if level == NATIONAL:
        rows = engagements.order_by().values("province_id", "province__name").annotate(**BUDGET_SUMS)
        areas = [BudgetArea(row["province_id"], row["province__name"], _figures(row)) for row in rows]
    else:
        rows = (
            engagements.order_by()
            .values("office_id", "office__name", "province_id", "regency_id")
            .annotate(**BUDGET_SUMS)
        )
        areas = [
            BudgetArea(
                row["regency_id"] or row["province_id"],
                row["office__name"],
                _figures(row),
                is_province_office=row["regency_id"] is None,
            )
            for row in rows
        ]
    return sorted(areas, key=lambda area: area.code)


# --- one engagement ----------


def engagement_documents(*, user, engagement: AdvocacyEngagement) -> QuerySet:
    return (
        AdvocacyDocument.objects.restrict(user, "view")
        .filter(engagement=engagement)
        .select_related("uploaded_by")
    )


def _history_display(field, value) -> str:
    if field.name in MONEY_FIELDS and value not in (None, ""):
        return rupiah(value)
    return history_value(field, value)


def engagement_history(engagement: AdvocacyEngagement) -> list:
    """Every saved version, newest first, with who saved it and which fields changed (``_history.html``),
    amounts in Rupiah: one query."""
    return change_history(engagement, hidden=HIDDEN_IN_HISTORY, display=_history_display)
