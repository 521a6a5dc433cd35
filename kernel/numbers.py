"""Numbers as pages show them, in the active language ("63,6" in Indonesian, "63.6" in English).

Django's ``number_format`` *cuts* a float to ``decimal_pos`` places (63.57 → "63,5"); a figure shown with
fewer places than it has must be *rounded* (63.57 → "63,6"), half away from zero as people round by hand, or
the same turnout reads differently on two pages that show it with two and one decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def rounded(value, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals (a float through its shortest repr)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimal_text(value, places: int = 1, *, grouping: bool = False) -> str:
    """``value`` rounded to ``places`` decimals and written in the active language."""
    return formats.number_format(
        rounded(value, places), decimal_pos=places, use_l10n=True, force_grouping=grouping
    )
