"""Rupiah as whole numbers: shown as KPU writes them, read back from what an officer types."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kernel.forms import RupiahField
from kernel.money import parse_rupiah, rupiah


@pytest.mark.parametrize(
    "text, amount",
    [
        ("150000000", 150_000_000),
        ("150.000.000", 150_000_000),
        ("Rp 150.000.000", 150_000_000),
        ("Rp150.000.000", 150_000_000),
        ("150,000,000", 150_000_000),
        ("150 000 000", 150_000_000),
        ("0", 0),
        ("1.500", 1_500),
        ("1.500,50", None),  # cents
        ("1,500.000", None),  # mixed separators
        ("15.00", None),
        ("-5", None),
        ("150 juta", None),
        ("", None),
    ],
)
def test_parse_rupiah(text, amount):
    assert parse_rupiah(text) == amount


def test_rupiah_is_grouped_as_the_language_groups():
    assert rupiah(150_000_000) == "Rp 150.000.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah(None) == ""
    with translation.override("en"):
        assert rupiah(150_000_000) == "Rp 150,000,000"


def test_the_field_reads_blank_as_zero_and_names_what_is_wrong():
    field = RupiahField(required=False)
    assert field.clean("") == 0 and field.clean("Rp 2.500.000") == 2_500_000
    with pytest.raises(Exception, match="bilangan bulat"):
        field.clean("2,5 juta")
    with pytest.raises(Exception, match="maksimal Rp 1.000.000.000.000.000"):
        field.clean("9" * 17)
    with pytest.raises(Exception, match="harus diisi"):
        RupiahField().clean("")


@given(st.text(max_size=30))
def test_any_text_is_a_whole_rupiah_or_none(text):
    amount = parse_rupiah(text)
    assert amount is None or (isinstance(amount, int) and amount >= 0)
