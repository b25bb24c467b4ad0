"""QR codes as SVG data URIs (segno, pure Python) for slips and pages."""

from __future__ import annotations

import io

import segno


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text`, medium error correction, ready for <img src>."""
    return str(segno.make(text, error="m").svg_data_uri(scale=4, border=2))


def qr_png(text: str) -> bytes:
    """The same QR code as PNG bytes (for Word documents, which do not take SVG)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()
