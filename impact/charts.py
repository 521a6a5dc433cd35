"""The dot-and-whisker chart of the estimates: each group's effect as a dot, its 95% interval as a whisker,
and a line at zero, drawn on the server as inline SVG (plain shapes and escaped text: the page, and the
recap's PDF through WeasyPrint, show the same picture without a script).

Two layouts: ``wide`` (labels on the left, the figure on the right of each row: pages on a desktop and the
PDF) and narrow (the label and the figure above each whisker, drawn at the width of a phone, 360 units, so
that its text is read at its own size on a 390 px screen)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kernel.numbers import decimal_text

KPU_RED = "#b3171d"
WHISKER = "#555555"
ZERO = "#222222"
GRID = "#e3e3e3"
MUTED = "#6c757d"


@dataclass(frozen=True)
class ChartRow:
    label: str
    effect: float | None
    low: float | None = None
    high: float | None = None

    @property
    def text(self) -> str:
        return effect_text(self.effect, self.low, self.high)


def one_decimal(value: float) -> str:
    """``value`` rounded to one decimal in the language's format ("4,8" for 4.7993: ``kernel.numbers``)."""
    return decimal_text(value, 1)


def points(value: float | None, *, signed: bool = True) -> str:
    """+2,3 (Indonesian decimals, one place, rounded), "—" for none; no sign when it rounds to zero."""
    if value is None:
        return "—"
    shown = one_decimal(abs(value))
    if not signed or shown.strip("0,.") == "":
        return shown
    return ("+" if value > 0 else "−") + shown


def effect_text(effect: float | None, low: float | None, high: float | None) -> str:
    if effect is None:
        return _("tanpa lokus berpembanding")
    if low is None or high is None:
        return _("%(effect)s poin (tanpa interval)") % {"effect": points(effect)}
    return _("%(effect)s poin (%(low)s s.d. %(high)s)") % {
        "effect": points(effect),
        "low": points(low),
        "high": points(high),
    }


def _scale(rows: Sequence[ChartRow]) -> tuple[float, float, list[int]]:
    """The axis: from the lowest to the highest value shown, zero always included, on whole points."""
    values = [0.0]
    for row in rows:
        values += [v for v in (row.effect, row.low, row.high) if v is not None]
    low, high = min(values), max(values)
    span = max(high - low, 1.0)
    low, high = math.floor(low - 0.08 * span), math.ceil(high + 0.08 * span)
    step = max(1, math.ceil((high - low) / 6))
    ticks = list(range(low - low % step if low % step else low, high + 1, step))
    return low, high, ticks


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dot_whisker(
    rows: Sequence[ChartRow], *, wide: bool = True, fluid: bool = False, title: str = ""
) -> SafeString:
    """The chart of ``rows`` (empty string for none). ``fluid``: as wide as its box, scaled (a page; the PDF
    keeps the fixed size). Every text is escaped."""
    if not rows:
        return mark_safe("")  # noqa: S308 (a constant)
    low, high, ticks = _scale(rows)
    if wide:
        width, label_width, text_width, row_height, font = 720, 220, 190, 24, 11
        plot_left, plot_right = label_width, width - text_width
        first = 6
    else:
        width, row_height, font = 360, 56, 13
        plot_left, plot_right = 10, width - 10
        first = 4
    # Below the rows: the tick labels, then the axis title on a line of its own (a line's height apart, so
    # that the title's capitals never touch the ticks' descenders), then a margin for its own descenders.
    tick_gap, title_gap = font + 4, font + 8
    axis_height = tick_gap + title_gap + 6
    height = first + row_height * len(rows) + axis_height

    def x(value: float) -> float:
        return plot_left + (value - low) / (high - low) * (plot_right - plot_left)

    size = 'width="100%"' if fluid else f'width="{width}" height="{height}"'
    # On a phone the labels sit over the grid: a white outline keeps them readable.
    halo = "" if wide else ' paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="impact-chart" {size} '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="{font}" '
        f'role="img" aria-label="{escape(title or _("Selisih perubahan partisipasi dan interval 95%"))}">'
    ]
    bottom = first + row_height * len(rows)
    for tick in ticks:
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{first}" x2="{x(tick):.1f}" y2="{bottom}" stroke="{GRID}" '
            f'stroke-width="1"/>'
        )
        label = ("+" if tick > 0 else "−" if tick < 0 else "") + str(abs(tick))
        parts.append(
            f'<text x="{x(tick):.1f}" y="{bottom + tick_gap}" text-anchor="middle" fill="{MUTED}">'
            f"{label}</text>"
        )
    parts.append(
        f'<line x1="{x(0):.1f}" y1="{first - 2}" x2="{x(0):.1f}" y2="{bottom}" stroke="{ZERO}" '
        f'stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<text x="{(plot_left + plot_right) / 2:.1f}" y="{bottom + tick_gap + title_gap}" '
        f'text-anchor="middle" fill="{MUTED}" font-size="{font - 1}">{escape(_("poin persentase"))}</text>'
    )
    for index, row in enumerate(rows):
        top = first + index * row_height
        if wide:
            middle = top + row_height / 2
            parts.append(
                f'<text x="{label_width - 8}" y="{middle + 4:.1f}" text-anchor="end">'
                f"{escape(_short(row.label, 34))}</text>"
            )
            parts.append(f'<text x="{plot_right + 8}" y="{middle + 4:.1f}">{escape(row.text)}</text>')
        else:
            middle = top + 43
            label = escape(_short(row.label, 44))
            parts.append(f'<text x="{plot_left}" y="{top + 14}" font-weight="bold"{halo}>{label}</text>')
            parts.append(
                f'<text x="{plot_left}" y="{top + 29}" fill="{MUTED}"{halo}>{escape(row.text)}</text>'
            )
        if row.effect is None:
            continue
        if row.low is not None and row.high is not None:
            parts.append(
                f'<line x1="{x(row.low):.1f}" y1="{middle:.1f}" x2="{x(row.high):.1f}" y2="{middle:.1f}" '
                f'stroke="{WHISKER}" stroke-width="2"/>'
            )
            for end in (row.low, row.high):
                parts.append(
                    f'<line x1="{x(end):.1f}" y1="{middle - 5:.1f}" x2="{x(end):.1f}" y2="{middle + 5:.1f}" '
                    f'stroke="{WHISKER}" stroke-width="2"/>'
                )
        parts.append(f'<circle cx="{x(row.effect):.1f}" cy="{middle:.1f}" r="5" fill="{KPU_RED}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
