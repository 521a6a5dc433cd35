"""QR codes drawn on the server as inline SVG (segno): no image request, nothing leaves the server, and the
SVG carries a title for screen readers. The authenticator setup, a cadre's invitation and a training
session's check-in all draw theirs here."""

import segno


def qr_svg(text: str, *, title: str, scale: int = 5) -> str:
    return segno.make(text, error="m").svg_inline(scale=scale, border=2, title=title)
