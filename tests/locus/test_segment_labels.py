"""Segment names are stored in Indonesian and shown in the reader's language: a juknis segment by its
translation (context "unsur pemilih"), one an administrator added or renamed as written."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from locus.models import Segment
from locus.models.programme import SEGMENT_NAMES, segment_label


@pytest.fixture
def english_segment_names():
    """English names for two segments in the active English catalogue, as the translations will give."""
    with translation.override("en"):
        catalog = trans_real.translation("en")._catalog
        added = {
            "unsur pemilih\x04Perempuan": "Women",
            "unsur pemilih\x04Tokoh Agama": "Religious leaders",
        }
        saved = {key: catalog.get(key) for key in added}
        for key, value in added.items():
            catalog[key] = value
        yield
        for key, value in saved.items():
            catalog._catalogs[0].pop(key, None)  # what __setitem__ wrote
            if value is not None:
                catalog[key] = value


@pytest.mark.django_db
def test_every_stored_juknis_segment_has_its_name_marked():
    stored = dict(Segment.objects.values_list("code", "name"))
    assert {code: stored[code] for code in SEGMENT_NAMES} == {
        code: name for code, (name, _t) in SEGMENT_NAMES.items()
    }
    with translation.override("id"):
        assert all(str(translated) == name for name, translated in SEGMENT_NAMES.values())


@pytest.mark.django_db
def test_segments_show_in_the_readers_language(english_segment_names):
    women = Segment.objects.get(code="perempuan")
    assert women.label == str(women) == "Women"
    assert segment_label("tokoh-agama", "Tokoh Agama") == "Religious leaders"
    # renamed by an administrator, or added: as written
    assert segment_label("tokoh-agama", "Tokoh Agama dan Kepercayaan") == "Tokoh Agama dan Kepercayaan"
    assert segment_label("nelayan", "Nelayan") == "Nelayan"
    with translation.override("id"):
        assert women.label == "Perempuan"
