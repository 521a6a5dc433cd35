"""Access to the dashboards beneath the home page.

In jurisdiction: the dashboard of Lampung, of Kabupaten Tanggamus and of a locus in Gunung Kasih; out of
jurisdiction: those of NTT, Kabupaten Flores Timur and a locus in Waibalun. Every role may read a dashboard
of its jurisdiction; a province dashboard needs the whole province (a regency office gets 404 even for its
own province); anything else is a 404.
"""

from __future__ import annotations

from accounts.choices import OfficeLevel
from tests.access import Rule, actors_where, table
from tests.access.loci import SEES_FLOTIM, SEES_TANGGAMUS, locus_kwargs


def _seen_by(sees: set[str], *, whole_province: bool) -> dict[str, int]:
    expected = table(default=404)
    for actor in sees:
        expected[actor] = 200
    if whole_province:
        for actor in actors_where(lambda level, key, role: level == OfficeLevel.REGENCY):
            expected[actor] = 404
    return expected


ACCESS = {
    "dashboard:province": Rule(
        kwargs=lambda world: {"code": world.lampung.code},
        expect=_seen_by(SEES_TANGGAMUS, whole_province=True),
        out_kwargs=lambda world: {"code": world.ntt.code},
        expect_out=_seen_by(SEES_FLOTIM, whole_province=True),
    ),
    "dashboard:regency": Rule(
        kwargs=lambda world: {"code": world.tanggamus.code},
        expect=_seen_by(SEES_TANGGAMUS, whole_province=False),
        out_kwargs=lambda world: {"code": world.flotim.code},
        expect_out=_seen_by(SEES_FLOTIM, whole_province=False),
    ),
    "dashboard:locus": Rule(
        kwargs=locus_kwargs("in"),
        expect=_seen_by(SEES_TANGGAMUS, whole_province=False),
        out_kwargs=locus_kwargs("out"),
        expect_out=_seen_by(SEES_FLOTIM, whole_province=False),
    ),
    "dashboard:locus_milestones": Rule(
        kwargs=locus_kwargs("in"),
        expect=_seen_by(SEES_TANGGAMUS, whole_province=False),
        out_kwargs=locus_kwargs("out"),
        expect_out=_seen_by(SEES_FLOTIM, whole_province=False),
    ),
}
