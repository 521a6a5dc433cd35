"""Signals the kernel sends for the layers above it to follow (it subscribes to none of them itself).

``upload_stored``: a user's upload of a kind started waiting for confirmation (``user``, ``kind``,
``filename``, ``path``: the import page); ``upload_discarded``: it stopped waiting (``user``, ``kind``:
imported, cancelled, replaced or gone). Both are sent by the import pipeline (``kernel.imports``);
``accounts`` keeps a row per pending upload from them, for the user's action list. They live apart from the
pipeline so that subscribing to them at start-up does not import the spreadsheet machinery (openpyxl,
tablib).
"""

from django.dispatch import Signal

upload_stored = Signal()
upload_discarded = Signal()
