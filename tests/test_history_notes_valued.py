"""A history note with a value in it (an import's file name) is stored in Indonesian whoever imports, and
shown in the reader's language (``kernel.history.translated_note``)."""

from __future__ import annotations

from django.utils import translation

from kernel.history import IMPORTED_FROM, translated_note, valued_note


def test_an_import_note_is_stored_in_indonesian_and_shown_in_the_readers_language():
    with translation.override("en"):
        stored = valued_note(IMPORTED_FROM, "kader tanggamus.xlsx")
    assert stored == "Impor berkas kader tanggamus.xlsx"
    with translation.override("en"):
        assert translated_note(stored) == "Imported from file kader tanggamus.xlsx"
        assert translated_note("Catatan petugas sendiri") == "Catatan petugas sendiri"  # typed: as stored
    with translation.override("id"):
        assert translated_note(stored) == stored
