"""Word documents (DOCX) from docxtpl templates, for staff who edit a slip before signing it.

A form's default template is built here from a short description (title, paragraphs, tables with
a row per item, signatures), with the national heading and Times New Roman 13 pt on A4, so the
repository holds no binary templates. A province that wants its own wording saves an edited copy
as `<name>.docx` in MOTCUA_DOCX_TEMPLATE_DIR (`motcua slip-template` writes the default to start
from); the Jinja tags (`{{ applicant }}`, `{%tr for … %}`) are those of docxtpl.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

FONT = "Times New Roman"
HEADING_LEFT = "{{ parent }}\n{{ agency|upper }}\nSố: {{ code }}"
HEADING_RIGHT = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    condition: str = ""  # a Jinja expression: the paragraph is kept only when it is true


@dataclass(frozen=True)
class Items:
    """A numbered paragraph per element of a list in the context."""

    loop: str  # "item in items"
    text: str  # "{{ item }}"


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    cells: Sequence[str]
    loop: str  # "row in handovers": one table row per element


@dataclass(frozen=True)
class Signatures:
    left: str
    right: str


@dataclass(frozen=True)
class Image:
    name: str  # the context key of an image passed to render_docx


Block = Title | Para | Items | Table | Signatures | Image


@dataclass(frozen=True)
class Form:
    name: str
    blocks: Sequence[Block] = field(default_factory=tuple)


def _set_font(document: Any) -> None:
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT
    )


def _cell_text(cell: Any, text: str, *, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.bold = bold
        if number < text.count("\n"):
            run.add_break()


def build_template(form: Form) -> bytes:
    """The default DOCX template of a form, with docxtpl tags."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _set_font(document)
    heading = document.add_table(rows=1, cols=2)
    _cell_text(heading.cell(0, 0), HEADING_LEFT, bold=True)
    _cell_text(heading.cell(0, 1), HEADING_RIGHT, bold=True)
    for block in form.blocks:
        if isinstance(block, Title):
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for number, line in enumerate(block.text.split("\n")):
                run = paragraph.add_run(line)
                run.bold = True
                if number < block.text.count("\n"):
                    run.add_break()
        elif isinstance(block, Para):
            if block.condition:
                document.add_paragraph(f"{{%p if {block.condition} %}}")
            run = document.add_paragraph().add_run(block.text)
            run.bold, run.italic = block.bold, block.italic
            if block.condition:
                document.add_paragraph("{%p endif %}")
        elif isinstance(block, Items):
            document.add_paragraph(f"{{%p for {block.loop} %}}")
            document.add_paragraph(f"{{{{ loop.index }}}}. {block.text}")
            document.add_paragraph("{%p endfor %}")
        elif isinstance(block, Table):
            table = document.add_table(rows=4, cols=len(block.headers))
            table.style = "Table Grid"
            for column, header in enumerate(block.headers):
                _cell_text(table.cell(0, column), header, bold=True)
            table.cell(1, 0).text = f"{{%tr for {block.loop} %}}"
            for column, cell in enumerate(block.cells):
                table.cell(2, column).text = cell
            table.cell(3, 0).text = "{%tr endfor %}"
        elif isinstance(block, Signatures):
            table = document.add_table(rows=1, cols=2)
            _cell_text(table.cell(0, 0), block.left)
            _cell_text(table.cell(0, 1), block.right)
        elif isinstance(block, Image):
            document.add_paragraph(f"{{{{ {block.name} }}}}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template_bytes(form: Form) -> bytes:
    """The province's edited template when it has one, else the default."""
    custom = Path(settings.MOTCUA_DOCX_TEMPLATE_DIR) / f"{form.name}.docx"
    if custom.is_file():
        return custom.read_bytes()
    return build_template(form)


def render_docx(form: Form, context: dict[str, Any], *, images: dict[str, bytes]) -> bytes:
    """Fill a form's template; `images` are PNG bytes put where the template names them."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    template = DocxTemplate(io.BytesIO(template_bytes(form)))
    pictures = {
        name: InlineImage(template, io.BytesIO(png), width=Mm(30)) for name, png in images.items()
    }
    template.render({**context, **pictures}, autoescape=True)
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
