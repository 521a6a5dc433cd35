"""Templates as Django reads them: a ``{# … #}`` comment ends on its own line (a longer one shows its text
on the page, as the import pages once did), so longer comments use ``{% comment %}``."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_template_comment_spans_lines():
    unclosed = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]
    assert not unclosed, "a {# comment #} must open and close on one line: " + ", ".join(unclosed)
