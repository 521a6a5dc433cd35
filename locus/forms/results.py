"""The upload of an election's results per TPS: the election, the file and the illustrative flag.

Input shape only: who may import, and every check of the file's rows, live in
``locus.services.results_import``; the file itself is checked as every import's is
(``kernel.imports.ImportUploadForm``: XLSX, ODS, XLS or CSV by its content), up to
``SIDP3_MAX_RESULTS_UPLOAD_BYTES``.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kernel.imports import ImportUploadForm
from locus.models import Election


class ResultsImportForm(ImportUploadForm):
    pemilu = forms.ModelChoiceField(
        label=_("Pemilu/pemilihan"),
        queryset=Election.objects.order_by("-held_on"),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    ilustrasi = forms.BooleanField(
        label=_("Data ilustrasi"),
        required=False,
        help_text=_(
            "Centang bila angkanya buatan untuk demo atau pelatihan. Angka ilustrasi selalu ditandai “Data "
            "ilustrasi — bukan hasil resmi KPU” di setiap halaman yang menampilkannya."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    field_order = ["pemilu", "berkas", "ilustrasi"]

    def upload_limit(self) -> int:
        return settings.SIDP3_MAX_RESULTS_UPLOAD_BYTES
