"""PDF rendering with WeasyPrint that never fetches anything from the network or the disk at large.

Stored text (meeting minutes in Markdown, names, places) ends up in the HTML that WeasyPrint lays out, and
WeasyPrint's default fetcher follows every ``<img src>``, stylesheet and ``url()`` it meets: an image
``![x](http://127.0.0.1:6379/)`` in the minutes would make the web process or the worker request that address
and paint the answer into the PDF (server-side request forgery), and ``file:///etc/passwd`` would read a file.
``render_pdf`` is the only way SIDP3 calls WeasyPrint: its fetcher serves SIDP3's own static files (under
``STATIC_URL`` on the fixed base below) and ``data:`` URIs, and refuses every other URL, whatever the text
holds. A refused resource is left out of the PDF (WeasyPrint logs a warning and carries on).
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# Relative URLs in a PDF template (``{% static %}`` gives ``/static/...``) resolve against this origin, which
# exists nowhere: the fetcher maps it to files, it never opens a connection.
PDF_BASE_URL = "https://sidp3.invalid/"


class FetchRefused(ValueError):
    """A URL outside SIDP3's own static files."""


def static_file_for(url: str) -> Path | None:
    """The file behind ``url`` when it is one of SIDP3's static files on ``PDF_BASE_URL``, else None."""
    from django.contrib.staticfiles import finders

    parts = urlsplit(url)
    base = urlsplit(PDF_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    relative = posixpath.normpath(path[len(settings.STATIC_URL) :])
    if relative.startswith(("..", "/")) or "\\" in relative or "\x00" in relative:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
            path = static_file_for(url)
            if path is None:
                logger.warning("PDF: refused to fetch a resource outside SIDP3's static files")
                raise FetchRefused("Only SIDP3's own static files are included in a PDF.")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    return StaticOnlyFetcher()


def render_pdf(html: str, target: Path | str | None = None) -> bytes | None:
    """Lay out ``html`` as a PDF: bytes, or written to ``target`` (a path) when given."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf(target)
