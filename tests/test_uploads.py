"""Every upload is checked by extension, size and content (first bytes) before it is kept; spreadsheets also
by what their zip would inflate to. Messages are Indonesian and name the file where the reader needs it."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kernel.uploads import validate_document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def refusal(upload) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_document(upload)
    return " ".join(refused.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [("sk.pdf", PDF, "application/pdf"), ("foto.PNG", PNG, "image/png"), ("foto.jpeg", JPEG, "image/jpeg")],
)
def test_documents_of_the_three_types_pass(name, data, content_type):
    assert validate_document(SimpleUploadedFile(name, data)) == content_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("sk.exe", b"MZ\x90\x00", "Berkas harus berupa PDF, JPG atau PNG."),
        ("sk", PDF, "Berkas harus berupa PDF, JPG atau PNG."),
        ("sk.pdf.html", b"<html>", "Berkas harus berupa PDF, JPG atau PNG."),
        ("sk.pdf", b"<html><script>", "Isi berkas tidak sesuai dengan jenisnya (.pdf)."),
        ("foto.png", JPEG, "Isi berkas tidak sesuai dengan jenisnya (.png)."),
        ("foto.jpg", b"GIF89a", "Isi berkas tidak sesuai dengan jenisnya (.jpg)."),
    ],
)
def test_a_wrong_extension_or_content_is_refused(name, data, message):
    assert refusal(SimpleUploadedFile(name, data)) == message


def test_a_document_over_the_limit_is_refused(settings):
    settings.SIDP3_MAX_UPLOAD_BYTES = 1024
    message = refusal(SimpleUploadedFile("sk.pdf", PDF + b"0" * 1024))
    assert message == "Berkas terlalu besar (maksimal 1,0\xa0KB)."


def test_request_size_limits_are_set(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024  # larger uploads go to a temporary file
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 20


def zip_bomb() -> bytes:
    """A 'workbook' of 60 MB of zeros in well under 100 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def test_an_xlsx_zip_bomb_is_refused_on_the_import_page_naming_the_file(client, world):
    client.force_login(world.users["lampung_admin"])
    url = reverse("locus:locus_import")
    data = zip_bomb()
    response = client.post(url, {"langkah": "unggah", "berkas": SimpleUploadedFile("lokus-2024.xlsx", data)})
    assert response.status_code == 302
    preview = client.get(url)
    errors = [str(error) for error in preview.context["outcome"].errors]
    assert len(errors) == 1
    assert errors[0].startswith("Berkas lokus-2024.xlsx ditolak: isinya terlalu besar setelah dibuka")
    assert "lokus-2024.xlsx ditolak" in preview.content.decode()
