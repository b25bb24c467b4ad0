"""HTML templates to PDF (WeasyPrint) with the bundled Times-metric font.

Liberation Serif (metric-compatible with Times New Roman, the font of administrative forms) ships
in `documents/fonts/`, so a slip looks the same on any server, whatever fonts it has installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

FONTS = Path(__file__).parent / "fonts"
FONT_FACES = "\n".join(
    f'@font-face {{ font-family: "Liberation Serif"; src: url("{(FONTS / file).as_uri()}"); '
    f"font-weight: {weight}; font-style: {style}; }}"
    for file, weight, style in (
        ("LiberationSerif-Regular.ttf", "normal", "normal"),
        ("LiberationSerif-Bold.ttf", "bold", "normal"),
        ("LiberationSerif-Italic.ttf", "normal", "italic"),
    )
)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a Django template to PDF; the template gets `font_faces` for its <style>."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "font_faces": FONT_FACES})
    # Only the bundled fonts are loaded from disk; nothing else is fetched.
    return bytes(HTML(string=html, base_url=str(FONTS)).write_pdf())
