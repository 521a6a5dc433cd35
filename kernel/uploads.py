"""Checks on uploaded documents: PDF or image, within the size limit, and the content must match the type."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension → (content type, the file's first bytes)
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
# The file input's ``accept``: the same extensions and content types.
ACCEPT_DOCUMENT = ",".join(
    [*DOCUMENT_TYPES, *dict.fromkeys(kind for kind, _signatures in DOCUMENT_TYPES.values())]
)


def validate_document(upload, *, field: str = "file") -> str:
    """Refuse anything but a PDF, JPEG or PNG within ``SIDP3_MAX_UPLOAD_BYTES``; return its content type."""
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        raise ValidationError({field: _("Berkas harus berupa PDF, JPG atau PNG.")})
    limit = settings.SIDP3_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            {field: _("Berkas terlalu besar (maksimal %(limit)s).") % {"limit": filesizeformat(limit)}}
        )
    content_type, signatures = DOCUMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            {field: _("Isi berkas tidak sesuai dengan jenisnya (%(ext)s).") % {"ext": extension}}
        )
    return content_type


# A photo sent by a phone (the cadre app): its type read from its first bytes, whatever its name (a phone
# sends a reduced photo as "blob"). content type → (extension, the file's first bytes).
PHOTO_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "image/jpeg": (".jpg", (b"\xff\xd8\xff",)),
    "image/png": (".png", (b"\x89PNG\r\n\x1a\n",)),
    "image/webp": (".webp", (b"RIFF",)),
}


def validate_photo(upload, *, field: str, limit: int) -> tuple[str, str]:
    """Refuse anything but a JPEG, PNG or WebP photo of at most ``limit`` bytes; return its content type and
    the extension to store it with."""
    if upload.size > limit:
        raise ValidationError(
            {
                field: _("Foto terlalu besar (%(size)s bita; maksimal %(limit)s bita). Perkecil fotonya.")
                % {"size": f"{upload.size:,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, (extension, signatures) in PHOTO_TYPES.items():
        if any(head.startswith(signature) for signature in signatures) and (
            content_type != "image/webp" or head[8:12] == b"WEBP"
        ):
            return content_type, extension
    raise ValidationError({field: _("Foto harus berupa berkas JPEG, PNG atau WebP.")})
