"""Horizontal bar charts as inline SVG, drawn on the server for the PDF reports.

A small helper of our own rather than a charting library: WeasyPrint renders plain SVG shapes and text
well, the charts needed are simple bars, and a library such as pygal would add a dependency whose output
leans on CSS and scripts (tooltips, web fonts) that a PDF cannot use. Every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kernel.numbers import decimal_text

KPU_RED = "#b3171d"
TRACK = "#e6e6e6"


def number_text(value) -> str:
    """1234 → "1.234" in Indonesian (the active language's grouping)."""
    whole = float(value).is_integer()
    return decimal_text(value, 0 if whole else 1, grouping=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    whole: float | None = None  # a bar against a whole (e.g. filled places of the roster size): grey track

    @property
    def text(self) -> str:
        if self.whole is None:
            return number_text(self.value)
        percent = round(100 * self.value / self.whole) if self.whole else 0
        return f"{number_text(self.value)} / {number_text(self.whole)} ({percent}%)"


def bar_chart(bars: Sequence[Bar], *, width: int = 720, label_width: int = 230, row: int = 20) -> SafeString:
    """One bar per row, labels on the left, the figure at the end of each bar."""
    if not bars:
        return mark_safe("")  # noqa: S308 (a constant)
    scale_max = max(max(b.whole if b.whole is not None else b.value for b in bars), 1)
    text_width = 150
    plot = width - label_width - text_width
    height = row * len(bars) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="10">'
    ]
    for index, bar in enumerate(bars):
        y = 2 + index * row
        label = escape(bar.label if len(bar.label) <= 38 else bar.label[:37] + "…")
        parts.append(f'<text x="{label_width - 6}" y="{y + row * 0.62:.1f}" text-anchor="end">{label}</text>')
        if bar.whole is not None:
            track = plot * bar.whole / scale_max
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{track:.1f}" height="{row - 6}" fill="{TRACK}"/>'
            )
        length = plot * min(bar.value, bar.whole if bar.whole is not None else bar.value) / scale_max
        parts.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" fill="{KPU_RED}"/>'
        )
        end = label_width + (plot * bar.whole / scale_max if bar.whole is not None else length)
        parts.append(f'<text x="{end + 4:.1f}" y="{y + row * 0.62:.1f}">{escape(bar.text)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
