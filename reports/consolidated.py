"""The province's consolidated report on a survey period, as a Word document (issue #13).

The figures come from the same rows as the export (`reports.export.collect`); the wording from
knowledge/report_template.yaml; the page from `reports.docx_layout` (Decree 30/2020/NĐ-CP).
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Pt
from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.numbers import vn_int, vn_number
from handlers.survey_values import show
from handlers.survey_view import period_label
from knowledge.surveys import Question, SurveyDefinition
from reports import docx_layout as layout
from reports.charts import bar_chart
from reports.docx_layout import Issuer
from reports.export import ExportRow, ExportTable, collect
from reports.figures import (
    Measured,
    audience_words,
    chart_description,
    decree_date,
    kind_label,
    measure,
    misfit,
    one_printable_line,
    quotes,
    reporting,
    vn_date,
    vn_percent,
    vn_share,
    vn_share_percent,
)
from reports.template import MeasureSpec, ReportTemplate, TemplateError, fill, load_template

__all__ = ["Issuer", "ReportFile", "build_report", "write_report"]
CHART_WIDTH = Cm(15)
APPENDIX_WIDTH = Cm(25.2)  # landscape A4 less the 30 mm and 15 mm margins
STATUS = {"missing": "Chưa báo cáo", "draft": "Đang nhập", "submitted": "Đã gửi",
          "late": "Gửi muộn"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A written report: the .docx bytes and what it counted."""

    data: bytes
    units: int
    reported: int


@dataclass(frozen=True, slots=True)
class _Writer:
    """What every part of the document needs."""

    document: Document
    template: ReportTemplate
    table: ExportTable
    fields: dict[str, str]

    def say(self, pattern: str, /, **extra: object) -> str:
        return fill(pattern, **self.fields, **extra)

    def paragraph(self, pattern: str, /, *, italic: bool = False, **extra: object) -> None:
        layout.line(self.document, self.say(pattern, **extra), italic=italic, indent=True)

    def heading(self, text: str) -> None:
        layout.line(self.document, self.say(text), bold=True, indent=True)


def _is_percent(table: ExportTable, spec: MeasureSpec) -> bool:
    return any(q.id == spec.question and q.type == "percent" for q in table.questions)


def _measured_sentence(writer: _Writer, found: Measured) -> str:
    sentences, spec = writer.template.sentences, found.spec
    common: dict[str, Any] = {"label": spec.label, "section": found.section, "unit": spec.unit}
    common["count"], common["total"] = vn_int(found.count), vn_int(found.total)
    if found.value is None:
        return writer.say(sentences.no_data, **common)
    target = vn_percent(found.target) if found.target is not None else None
    if spec.measure == "choice":
        counts = "; ".join(
            writer.say(sentences.choice_item, option=label, count=vn_int(count))
            for label, count in found.options
        )
        return writer.say(sentences.choice, counts=counts, **common)
    if spec.measure == "share":
        pattern = sentences.share if target else sentences.share_no_target
        return writer.say(pattern, share=vn_share_percent(found.value), target=target, **common)
    if spec.measure == "mean":
        pattern = sentences.mean if target else sentences.mean_no_target
        shown = (
            vn_percent(found.value) if _is_percent(writer.table, spec) else vn_number(found.value)
        )
        return writer.say(pattern, value=shown, target=target, **common)
    return writer.say(sentences.total, value=vn_number(found.value), **common)


def _reporting_part(writer: _Writer) -> None:
    sentences = writer.template.sentences
    writer.heading(writer.template.headings.reporting)
    counts = reporting(writer.table)
    if counts.reported == 0:
        writer.paragraph(sentences.none_reported)
        return
    writer.paragraph(
        sentences.reported,
        total=vn_int(counts.total), reported=vn_int(counts.reported),
        share=vn_share(counts.reported, counts.total), on_time=vn_int(counts.on_time),
        late=vn_int(counts.late), draft=vn_int(counts.draft), missing=vn_int(counts.missing),
    )  # fmt: skip
    for kind in counts.by_kind:
        writer.paragraph(
            sentences.by_kind,
            kind=kind_label(kind.kind), reported=vn_int(kind.reported), total=vn_int(kind.total),
            share=vn_share(kind.reported, kind.total), late=vn_int(kind.late),
        )  # fmt: skip


def _targets_part(writer: _Writer) -> None:
    writer.heading(writer.template.headings.targets)
    known = {q.id: q for q in writer.table.questions}
    chart = 0
    for spec in writer.template.measures:
        if spec.question not in known:
            continue  # the template may name questions of other surveys
        reason = misfit(spec, known[spec.question])
        if reason is not None:
            raise TemplateError(f"measures: {spec.question}: {reason}")
        found = measure(writer.table, spec)
        layout.line(writer.document, _measured_sentence(writer, found), indent=True)
        if found.value is None or not found.bars:
            continue
        chart += 1
        percent = spec.measure == "share" or _is_percent(writer.table, spec)
        image = bar_chart(found.bars, percent=percent, target=found.target)
        picture = writer.document.add_picture(io.BytesIO(image), width=CHART_WIDTH)
        writer.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = writer.say(writer.template.sentences.chart_caption, number=chart,
                             label=spec.label)  # fmt: skip
        # The figures in words: read aloud by screen readers, and checkable without the image.
        described = chart_description(caption, found.bars, percent=percent, target=found.target)
        picture._inline.docPr.set("descr", one_printable_line(described))
        layout.line(writer.document, caption, italic=True, size=Pt(12),
                    align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip


def _quotes_part(writer: _Writer, heading: str, question: str) -> None:
    writer.heading(heading)
    found = quotes(writer.table, question, empty=writer.template.empty_answers)
    if not found:
        writer.paragraph(writer.template.sentences.no_quotes)
    for quote in found:
        writer.paragraph(writer.template.sentences.quote, text=quote.text,
                         units=", ".join(quote.units))  # fmt: skip


def _cell(question: Question, value: Any) -> str:
    """An answer as the chat and the console show it (62,25%, 1.500, 15/12/2026); blank if none."""
    return "" if value is None else show(question, value)


def _appendix(writer: _Writer) -> None:
    template, table = writer.template, writer.table
    layout.landscape_section(writer.document)
    layout.line(writer.document, writer.say(template.headings.appendix), bold=True,
                align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0))  # fmt: skip
    layout.line(writer.document, writer.say(template.headings.appendix_subject), italic=True,
                align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    by_id = {q.id: q for q in table.questions}
    columns = [by_id[s.question] for s in template.measures if s.question in by_id]
    names = template.appendix_columns
    headers = [names.get(key, key) for key in ("number", "unit", "kind", "status", "submitted_at")]
    headers += [q.header or q.text for q in columns]

    def row_of(number: int, row: ExportRow) -> list[str]:
        sent = vn_date(row.submitted_at.date()) if row.submitted_at else ""
        fixed = [str(number), row.unit, kind_label(row.kind), STATUS[row.status], sent]
        return fixed + [_cell(q, row.raw.get(q.id)) for q in columns]

    rows = [row_of(i, r) for i, r in enumerate(table.rows, 1)]
    fixed = [Cm(1.2), Cm(4.6), Cm(1.8), Cm(2.6), Cm(2.5)]
    rest = Emu((APPENDIX_WIDTH - sum(fixed)) // max(len(columns), 1))
    widths = [*fixed, *(rest for _ in columns)]
    centred = [0, *range(4, len(headers))]
    layout.grid(writer.document, headers, rows, widths=widths, centred=centred)


def build_report(
    table: ExportTable, *, issuer: Issuer, today: date, template: ReportTemplate
) -> Document:
    """The whole document for one survey period; TemplateError if a measure does not fit."""
    document = docx.Document()
    layout.set_up(document)
    due = table.due
    fields = {
        "issuer": issuer.name, "issuer_code": issuer.code, "period": period_label(table.period),
        "survey": table.definition.title, "today": vn_date(today),
        "due": f"{due:%H:%M} ngày {vn_date(due.date())}",
        "audience": audience_words(table.definition.audience),
    }  # fmt: skip
    writer = _Writer(document, template, table, fields)
    place_date = f"{issuer.place}, {decree_date(today)}"
    layout.header_block(
        document, issuer, number=writer.say(template.number), place_date=place_date
    )
    layout.line(document, "", after=Pt(0))
    layout.line(document, writer.say(template.title), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                after=Pt(0))  # fmt: skip
    layout.line(document, writer.say(template.subject), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    writer.paragraph(template.intro)
    _reporting_part(writer)
    _targets_part(writer)
    _quotes_part(writer, template.headings.difficulties, template.difficulties)
    _quotes_part(writer, template.headings.proposals, template.proposals)
    writer.heading(template.headings.directions)
    writer.paragraph(template.sentences.directions, italic=True)
    writer.paragraph(template.sentences.closing)
    layout.signature_block(
        document,
        label=template.recipients_label,
        recipients=[writer.say(line) for line in template.recipients],
        title=template.signature.title,
        name=template.signature.name,
    )
    _appendix(writer)
    return document


async def write_report(
    session: AsyncSession,
    definition: SurveyDefinition,
    period: str,
    *,
    issuer: Issuer,
    zone: ZoneInfo,
    today: date,
    out: Path | None = None,
    template: ReportTemplate | None = None,
) -> ReportFile:
    """Build the report from the database; returns the .docx bytes (also written to `out`)."""
    table = await collect(session, definition, period, zone=zone)
    document = build_report(
        table, issuer=issuer, today=today, template=template or load_template()
    )
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if out is not None:
        await asyncio.to_thread(out.write_bytes, data)
    return ReportFile(data, len(table.rows), reporting(table).reported)
