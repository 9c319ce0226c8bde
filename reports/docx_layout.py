"""The page and header of an administrative document under Decree 30/2020/NĐ-CP.

A4, Times New Roman, margins top and bottom 20 mm, left 30 mm, right 15 mm; the page number
centred in the header from page 2; the two-column header block (issuing body and number on
the left, the national name and motto, place and date on the right); the signature block and
«Nơi nhận» at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
HEADER_SIZE = Pt(13)
SMALL_SIZE = Pt(12)
TABLE_SIZE = Pt(11)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
FIRST_LINE_INDENT = Cm(1)
LEFT_COLUMN, RIGHT_COLUMN = Cm(6), Cm(10.5)  # together the A4 text width, 165 mm
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who issues the report, from the settings."""

    name: str = "Sở Khoa học và Công nghệ"  # written as in a sentence; the header upper-cases
    parent: str = "UBND tỉnh Quảng Ngãi"
    code: str = "SKHCN"
    place: str = "Quảng Ngãi"


def set_up(document: Document) -> None:
    """Fonts, A4 page, the decree's margins and the page number in the header."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    paragraph_format = normal.paragraph_format
    paragraph_format.space_after = Pt(6)
    paragraph_format.space_before = Pt(0)
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    _margins(section)
    # Decree 30: numbers from the second page, centred at the top.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)


def _margins(section: object) -> None:
    for name, value in (("top", TOP), ("bottom", BOTTOM), ("left", LEFT), ("right", RIGHT)):
        setattr(section, f"{name}_margin", value)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field, which Word and LibreOffice replace by the page number."""
    run = paragraph.add_run()
    run.font.size = HEADER_SIZE
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def landscape_section(document: Document) -> None:
    """A new landscape page for a wide table (the appendix)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    section.different_first_page_header_footer = False
    _margins(section)


def line(
    container: Document | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: Pt | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    after: Pt | None = None,
) -> Paragraph:
    """One paragraph with one run."""
    paragraph: Paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size is not None:
        run.font.size = size
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align
    if indent:
        paragraph.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    if after is not None:
        paragraph.paragraph_format.space_after = after
    return paragraph


def _first(
    cell: _Cell, text: str, *, bold: bool = False, italic: bool = False, size: Pt = HEADER_SIZE
) -> Paragraph:
    """Write into a cell's empty first paragraph, then add the next ones."""
    paragraph: Paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, size
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def _rule(cell: _Cell, *, width: Cm) -> None:
    """The short line under the issuing body and under the motto (a bordered empty line)."""
    paragraph = cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    side = (cell.width or Cm(6)) - width
    paragraph.paragraph_format.left_indent = side // 2
    paragraph.paragraph_format.right_indent = side // 2
    run = paragraph.add_run()
    run.font.size = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        top.set(qn(name), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def header_block(document: Document, issuer: Issuer, *, number: str, place_date: str) -> Table:
    """The two-column header table without borders."""
    table: Table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, [LEFT_COLUMN, RIGHT_COLUMN])
    left, right = table.rows[0].cells
    _first(left, issuer.parent.upper())
    body = left.add_paragraph()
    body.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body.paragraph_format.space_after = Pt(0)
    issuer_run = body.add_run(issuer.name.upper())
    issuer_run.bold, issuer_run.font.size = True, HEADER_SIZE
    _rule(left, width=Cm(2.5))
    _first(right, NATION, bold=True, size=SMALL_SIZE)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.paragraph_format.space_after = Pt(0)
    motto_run = motto.add_run(MOTTO)
    motto_run.bold, motto_run.font.size = True, BODY_SIZE
    _rule(right, width=Cm(6))
    number_cell, date_cell = table.rows[1].cells
    _first(number_cell, number)
    _first(date_cell, place_date, italic=True, size=BODY_SIZE)
    return table


def signature_block(
    document: Document, *, label: str, recipients: Sequence[str], title: str, name: str
) -> Table:
    """«Nơi nhận» on the left, the signer's title and name on the right."""
    table: Table = document.add_table(rows=1, cols=2)
    set_widths(table, [Cm(8), Cm(8.5)])
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    heading_run = heading.add_run(label)
    heading_run.bold, heading_run.italic, heading_run.font.size = True, True, SMALL_SIZE
    heading.paragraph_format.space_after = Pt(0)
    for recipient in recipients:
        line(left, recipient, size=TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT, after=Pt(0))
    _first(right, title, bold=True, size=BODY_SIZE)
    for _ in range(4):
        line(right, "", after=Pt(0))
    line(right, name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return table


def set_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's: set both)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def grid(
    document: Document,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[Length],
    centred: Sequence[int] = (),
) -> Table:
    """A bordered table with a bold header row that repeats on every page."""
    table: Table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths)
    for cells, values, bold in [(table.rows[0].cells, headers, True)] + [
        (table.rows[i + 1].cells, row, False) for i, row in enumerate(rows)
    ]:
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.bold, run.font.size = bold, TABLE_SIZE
            paragraph.paragraph_format.space_after = Pt(0)
            centre = bold or index in centred
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    return table
