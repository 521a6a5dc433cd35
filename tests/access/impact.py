"""Access to the Dampak program page and a locus' matches.

The page opens on the user's own jurisdiction for every role (a place beneath it with ``?wilayah=``, tested
in tests/impact/test_views.py, is a 404 outside it); a locus' matches follow the locus (in jurisdiction: the
locus in Gunung Kasih; out: the one in Waibalun)."""

from __future__ import annotations

from tests.access import LOGGED_IN, Rule
from tests.access.dashboard import _seen_by
from tests.access.loci import SEES_FLOTIM, SEES_TANGGAMUS, locus_kwargs

ACCESS = {
    "impact:estimate": Rule(expect=LOGGED_IN),
    "impact:locus_matches": Rule(
        kwargs=locus_kwargs("in"),
        expect=_seen_by(SEES_TANGGAMUS, whole_province=False),
        out_kwargs=locus_kwargs("out"),
        expect_out=_seen_by(SEES_FLOTIM, whole_province=False),
    ),
}
