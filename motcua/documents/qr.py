"""QR codes as SVG data URIs (segno, pure Python) for slips and pages."""

from __future__ import annotations

import segno


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text`, medium error correction, ready for <img src>."""
    return str(segno.make(text, error="m").svg_data_uri(scale=4, border=2))
