"""The region browser: public Kemendagri reference data, open to every logged-in user wherever they work."""

from tests.access import LOGGED_IN, Rule


def _codes(key: str):
    return lambda w: {"code": getattr(w, key).code}


ACCESS = {
    "locus:region_index": Rule(expect=LOGGED_IN),
    "locus:region_search": Rule(expect=LOGGED_IN),
    "locus:region_suggest": Rule(expect=LOGGED_IN),
    # In and out of jurisdiction alike: a regency office may look up a village in another province.
    "locus:province_detail": Rule(
        expect=LOGGED_IN, kwargs=_codes("lampung"), out_kwargs=_codes("ntt"), expect_out=LOGGED_IN
    ),
    "locus:regency_detail": Rule(
        expect=LOGGED_IN, kwargs=_codes("tanggamus"), out_kwargs=_codes("flotim"), expect_out=LOGGED_IN
    ),
    "locus:district_detail": Rule(
        expect=LOGGED_IN, kwargs=_codes("pugung"), out_kwargs=_codes("larantuka"), expect_out=LOGGED_IN
    ),
    "locus:village_detail": Rule(
        expect=LOGGED_IN,
        kwargs=_codes("gunung_kasih"),
        out_kwargs=_codes("flotim_village"),
        expect_out=LOGGED_IN,
    ),
}
