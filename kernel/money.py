"""Money: Rupiah as whole numbers, shown as KPU writes them ("Rp 150.000.000") and read back from what an
officer types ("150.000.000", "Rp150.000.000", "150000000"). No cents: a Rupiah amount in a regional budget
is whole."""

from __future__ import annotations

import re

from django.utils import formats

# Digits, alone or grouped by three with dots, commas or spaces ("150.000.000", "150,000,000", "150 000 000").
_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$")


def rupiah(value: int | None) -> str:
    """ "Rp 150.000.000" (thousands grouped as the active language groups them); "" for None."""
    if value is None:
        return ""
    return f"Rp {formats.number_format(int(value), force_grouping=True)}"


def parse_rupiah(text: str) -> int | None:
    """The whole Rupiah ``text`` writes, or None when it is not one: "Rp 1.500.000" → 1500000; "1.500,50"
    (cents) and "-5" (negative) are not."""
    cleaned = (text or "").strip()
    if cleaned[:2].lower() == "rp":
        cleaned = cleaned[2:].strip()
    cleaned = cleaned.replace("\u00a0", " ")
    if cleaned.isdecimal():
        return int(cleaned)
    if _GROUPED.match(cleaned):
        return int(re.sub(r"[.,\s]", "", cleaned))
    return None
