"""Figures shown with fewer decimals than they have are rounded, never cut."""

from decimal import Decimal

import pytest
from django.utils import translation

from kernel.numbers import decimal_text, rounded
from reports.builders._charts import number_text


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (63.57, 1, "63,6"),  # number_format alone writes 63,5
        (63.55, 1, "63,6"),  # half away from zero, from the figure as written
        (-0.96, 1, "-1,0"),
        (0.04, 1, "0,0"),
        (Decimal("79.25"), 1, "79,3"),
        (1234567.891, 2, "1234567,89"),
    ],
)
def test_decimal_text_rounds_in_indonesian(value, places, shown):
    with translation.override("id"):
        assert decimal_text(value, places) == shown


def test_decimal_text_groups_and_follows_the_language():
    with translation.override("id"):
        assert decimal_text(1234.56, 1, grouping=True) == "1.234,6"
    with translation.override("en"):
        assert decimal_text(1234.56, 1, grouping=True) == "1,234.6"


def test_chart_numbers_round():
    with translation.override("id"):
        assert number_text(12.96) == "13,0"
        assert number_text(40) == "40"
    assert rounded(2.675, 2) == Decimal("2.68")  # the float's repr, not its binary value (2.67499…)
