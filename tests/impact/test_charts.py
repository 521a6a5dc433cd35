"""The dot-and-whisker chart's axis: the title "poin persentase" sits on a line of its own below the tick
labels (it used to touch them at 1366 px) and inside the drawing, in the wide and the phone layout."""

from __future__ import annotations

import re

import pytest

from impact.charts import ChartRow, dot_whisker

ROWS = [ChartRow("Lampung", 2.4, 0.8, 4.1), ChartRow("Nusa Tenggara Timur", -0.6, -3.2, 2.0)]


def _texts(svg: str) -> list[tuple[float, float, str]]:
    """(y, font size, text) of each text element; the font size is the element's own or the chart's."""
    size = float(re.search(r'<svg[^>]* font-size="(\d+)"', svg).group(1))
    return [
        (float(y), float(own or size), text)
        for y, own, text in re.findall(
            r'<text [^>]*?y="([\d.]+)"(?:[^>]*? font-size="(\d+)")?[^>]*>([^<]*)</text>', svg
        )
    ]


@pytest.mark.parametrize("wide", [True, False])
def test_the_axis_title_is_below_the_tick_labels_and_inside_the_chart(wide):
    svg = str(dot_whisker(ROWS, wide=wide))
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))
    texts = _texts(svg)
    [(title_y, title_size, _title)] = [t for t in texts if t[2] == "poin persentase"]
    ticks = [t for t in texts if re.fullmatch(r"[+−]?\d+", t[2])]
    assert len(ticks) >= 3 and len({y for y, _size, _text in ticks}) == 1
    tick_y, tick_size, _text = ticks[0]
    # A glyph reaches about 0.95 of its size above its baseline and 0.25 below it (DejaVu Sans).
    assert title_y - 0.95 * title_size >= tick_y + 0.25 * tick_size + 2
    assert title_y + 0.25 * title_size <= height
    assert (
        max(y for y, _size, text in texts if text not in {"poin persentase"} | {t[2] for t in ticks}) < tick_y
    )


def test_figures_are_rounded_not_cut():
    """An interval of −0.0934 to +4.7993 reads "−0,1 s.d. +4,8" (Django's number_format alone cuts a float's
    decimals: "−0,0 s.d. +4,7"); a figure that rounds to zero has no sign."""
    from impact.charts import effect_text, points
    from impact.templatetags.impact_tags import turnout

    assert effect_text(2.2515, -0.0934, 4.7993) == "+2,3 poin (−0,1 s.d. +4,8)"
    assert (points(2.46), points(-0.049), points(0.05), points(None)) == ("+2,5", "0,0", "+0,1", "—")
    assert turnout(76.45) == "76,5%" and turnout(None) == "—"
