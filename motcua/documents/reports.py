"""What every report motcua prints shares: the national heading, the two signature blocks of a
report (who drew it up, the head who signs and seals), the place-and-date line, and charts drawn
on the server as SVG (matplotlib) so the PDF and the page show the same figure."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from motcua.org.selectors import committee_above

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# (role, how it is signed): the one who drew the report up, the head of the issuing body.
REPORT_SIGNERS = (("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
                  ("THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên, đóng dấu)"))  # fmt: skip


def date_line(day: date, place: str = "") -> str:
    """ "Bình Xuyên, ngày 05 tháng 01 năm 2026" (dots where the place is left to write)."""
    return f"{place or '……'}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


@dataclass(frozen=True, slots=True)
class Heading:
    """Who issues a report (a People's Committee, a department), and its place-and-date line."""

    issuer: str
    day: date
    place: str = ""

    @property
    def date_line(self) -> str:
        return date_line(self.day, self.place)


def heading_above(unit_ids: Iterable[int], *, day: date, fallback: str) -> Heading:
    """A report on these units is issued by the People's Committee above them (its place on the
    date line); `fallback` names the issuer when they have none above."""
    above = committee_above(unit_ids)
    if above is None:
        return Heading(issuer=fallback, day=day)
    return Heading(issuer=above[0], day=day, place=above[1])


def pyplot() -> Any:
    """matplotlib's pyplot on the file-only backend, labels kept as text (searchable in PDFs)."""
    import matplotlib  # imported on first use: it costs half a second and most requests need none

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"
    from matplotlib import pyplot as plt

    return plt


def svg(figure: Any) -> str:
    """The figure as SVG text; the figure is closed."""
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    pyplot().close(figure)
    return buffer.getvalue()


def image_src(svg_text: str) -> str:
    """An SVG chart for an <img> (pages' CSP allows data: images, not inline SVG styles;
    WeasyPrint draws SVG images faithfully)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode()).decode()
