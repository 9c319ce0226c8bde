"""A survey period exported for the provincial office: one row per unit, typed columns.

Every unit of the survey's audience gets a row, reported or not; statuses are "chưa báo cáo",
"đang nhập", "đã gửi" and "gửi muộn" (first submitted after the deadline). Times are local.
A report not sent yet («đang nhập») shows its status and who is entering it, never its answers:
what leaves the system as an official figure is what a unit confirmed by sending it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import texts
from handlers.survey_values import show_option
from handlers.survey_view import period_label
from knowledge.surveys import NUMBER_TYPES, Question, SurveyDefinition, due_at
from storage import queries
from storage import surveys as store
from storage.models import ResponseStatus

Status = Literal["missing", "draft", "submitted", "late"]
Cell = str | int | float | date | datetime | None
_DATE_FORMAT = "DD/MM/YYYY"
_TIME_FORMAT = "DD/MM/YYYY HH:MM"
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f]")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Floats above this are not exact integers; they stay floats.
_EXACT_INTEGERS = 2**53
_MIN_WIDTH, _MAX_WIDTH, _HEADER_WIDTH = 8, 50, 24
_FIXED_COLUMNS = ("code", "unit", "kind", "status", "updated_by", "updated_at", "submitted_at")


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One unit's line."""

    code: str
    unit: str
    kind: str
    status: Status
    updated_by: str
    updated_at: datetime | None  # local, naive (spreadsheets have no zones)
    submitted_at: datetime | None
    values: tuple[Cell, ...]
    raw: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ExportTable:
    """Every row of one survey period, and what the summary needs."""

    definition: SurveyDefinition
    period: str
    due: datetime  # local, naive
    questions: tuple[Question, ...]
    rows: tuple[ExportRow, ...]

    @property
    def headers(self) -> list[str]:
        """Vietnamese column headers."""
        fixed = [texts.EXPORT_HEADERS[name] for name in _FIXED_COLUMNS]
        numbered = [
            f"{self.definition.number_of(q.id)}. {q.header or q.text}" for q in self.questions
        ]
        return fixed + numbered

    def cells(
        self, row: ExportRow, *, statuses: Mapping[str, str] = texts.EXPORT_STATUS
    ) -> list[Cell]:
        """A row's cells in header order, the status named from `statuses`."""
        status = statuses[row.status]
        kind = texts.EXPORT_UNIT_KIND.get(row.kind, row.kind)
        fixed: list[Cell] = [row.code, row.unit, kind, status, row.updated_by]
        return [*fixed, row.updated_at, row.submitted_at, *row.values]


def _changed_by(official_id: int | None, names: dict[int, str]) -> str:
    """The name of who changed a report last; an erased official stays anonymous."""
    if official_id is None:
        return ""
    return names.get(official_id) or texts.FORMER_OFFICIAL


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if moment is None else moment.astimezone(zone).replace(tzinfo=None)


def typed_cell(question: Question, value: Any) -> Cell:
    """A stored answer as a spreadsheet value: numbers as numbers, dates as dates."""
    if value is None:
        return None
    if question.type in ("single_choice", "yes_no"):
        return show_option(question, str(value))
    if question.type == "multiple_choice":
        return "; ".join(show_option(question, str(code)) for code in value)
    if question.type == "date":
        return date.fromisoformat(str(value))
    if question.type == "integer":
        return int(value)
    if question.type in NUMBER_TYPES:
        return _number(float(value))
    return str(value)


def _number(value: float) -> int | float:
    """Whole numbers without a trailing `.0` (80 beside 62.5), in CSV and xlsx alike."""
    value = float(value)
    return int(value) if value.is_integer() and abs(value) < _EXACT_INTEGERS else value


def clean_text(text: str) -> str:
    """Text without C0 control characters (newline and tab stay): what xlsx can hold."""
    return _CONTROLS.sub("", text)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula (OWASP's CSV injection list)."""
    return text.startswith(_FORMULA_STARTS)


async def collect(
    session: AsyncSession, definition: SurveyDefinition, period: str, *, zone: ZoneInfo
) -> ExportTable:
    """Gather one row per audience unit for a survey period."""
    due = due_at(definition, period, zone)
    units = await queries.list_units(session, kinds=definition.audience)
    responses = await store.responses_of(session, survey_id=definition.id, period=period)
    answers = await store.answers_by_response(
        session, [r.id for r in responses.values() if r.id is not None]
    )
    names = await store.official_names(session, [r.updated_by for r in responses.values()])
    rows: list[ExportRow] = []
    for unit in units:
        response = responses.get(unit.id or 0)
        if response is None:
            rows.append(
                ExportRow(
                    unit.code, unit.name, unit.kind, "missing", "", None, None,
                    tuple(None for _ in definition.questions), {},
                )
            )  # fmt: skip
            continue
        # Unconfirmed figures (a first draft, or a report returned for editing) stay out of
        # every table: the export, the console's and the Word report's appendix.
        status: Status = "draft"
        given: dict[str, Any] = {}
        if response.status == ResponseStatus.SUBMITTED.value:
            late = response.submitted_at is not None and response.submitted_at > due
            status = "late" if late else "submitted"
            # A sent report being revised counts with the values last confirmed.
            given = store.confirmed_answers(response, answers.get(response.id or 0, {}))
        relevant = {q.id for q in definition.relevant_questions(given)}
        values = tuple(
            typed_cell(q, given.get(q.id)) if q.id in relevant else None
            for q in definition.questions
        )
        rows.append(
            ExportRow(
                code=unit.code,
                unit=unit.name,
                kind=unit.kind,
                status=status,
                updated_by=_changed_by(response.updated_by, names),
                updated_at=_local(response.updated_at, zone),
                submitted_at=_local(response.submitted_at, zone),
                values=values,
                raw={q: v for q, v in given.items() if q in relevant},
            )
        )
    return ExportTable(
        definition, period, _local(due, zone) or due, definition.questions, tuple(rows)
    )


def write_csv(table: ExportTable, path: Path) -> None:
    """CSV in UTF-8 with a BOM so that Excel reads the Vietnamese correctly."""
    with _replacing(path) as partial, partial.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([_csv_cell(header) for header in table.headers])
        for row in table.rows:
            writer.writerow([_csv_cell(cell) for cell in table.cells(row)])


def _csv_cell(cell: Cell) -> str | int | float:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, str):
        text = clean_text(cell)
        # OWASP's advice against CSV injection: a leading quote makes it text in a spreadsheet.
        return f"'{text}" if formula_like(text) else text
    return cell


def write_xlsx(table: ExportTable, path: Path) -> None:
    """An Excel workbook: the rows, and a summary sheet (share reported, totals, choices)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = texts.EXPORT_SHEET_DATA
    _append(sheet, table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        _append(sheet, table.cells(row))
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    _fit_columns(sheet)
    summary = workbook.create_sheet(texts.EXPORT_SHEET_SUMMARY)
    _write_summary(summary, table)
    _fit_columns(summary)
    with _replacing(path) as partial:
        workbook.save(partial)


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A file beside `path` that replaces it once written; removed if writing fails."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _append(sheet: Any, values: Sequence[Cell]) -> None:
    """One row: text cleaned and never a formula, dates and times formatted."""
    # Cells made here, not looked up after `append`: `sheet.max_row` scans every cell, which
    # made a country-sized export quadratic.
    sheet.append([_xlsx_cell(sheet, value) for value in values])


def _fit_columns(sheet: Any) -> None:
    """Widths from the longest line of each column (capped); long text wraps."""
    for column in sheet.iter_cols():
        lines = [_width(cell.value) for cell in column[1:]]
        header = min(_width(column[0].value), _HEADER_WIDTH)
        width = max(_MIN_WIDTH, min(_MAX_WIDTH, max([header, *lines]) + 2))
        sheet.column_dimensions[column[0].column_letter].width = width
        for cell in column[1:]:
            if isinstance(cell.value, str) and _width(cell.value) > width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("DD/MM/YYYY HH:MM")
    if isinstance(value, date):
        return len("DD/MM/YYYY")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _xlsx_cell(sheet: Any, value: Cell) -> XlsxCell:
    cell = XlsxCell(sheet, value=clean_text(value) if isinstance(value, str) else value)
    if isinstance(cell.value, str) and formula_like(cell.value):
        # Kept as typed, stored as text; quotePrefix is Excel's own leading apostrophe, so
        # editing the cell does not turn it into a formula either.
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = _TIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = _DATE_FORMAT
    return cell


def _write_summary(sheet: Any, table: ExportTable) -> None:
    labels = texts.EXPORT_SUMMARY
    reported = [r for r in table.rows if r.status in ("submitted", "late")]
    total = len(table.rows)
    lines: list[Sequence[Cell]] = [
        (labels["survey"], table.definition.title),
        (labels["period"], period_label(table.period)),
        (labels["due"], table.due),
        (labels["units"], total),
        (labels["reported"], len(reported)),
        (labels["share"], len(reported) / total if total else 0.0),
        (labels["late"], sum(1 for r in reported if r.status == "late")),
        (),
        (labels["numbers"],),
        (labels["question"], labels["total"], labels["mean"], labels["answers"]),
    ]
    for question in table.questions:
        if question.type in NUMBER_TYPES:
            numbers = [
                float(r.raw[question.id]) for r in reported if r.raw.get(question.id) is not None
            ]
            mean = sum(numbers) / len(numbers) if numbers else None
            # A share (%) of each unit's own members: adding them up means nothing.
            added = None if question.type == "percent" else _number(sum(numbers))
            lines.append((question.header or question.text, added, mean, len(numbers)))
    lines += [(), (labels["choices"],), (labels["question"], labels["option"], labels["count"])]
    for question in table.questions:
        for option in question.options:
            count = sum(1 for r in reported if _picked(r.raw.get(question.id), option.code))
            lines.append((question.header or question.text, option.label, count))
    for line in lines:
        _append(sheet, line)
    sheet["B3"].number_format = _TIME_FORMAT
    sheet["B6"].number_format = "0.0%"
    for row in sheet.iter_rows():
        if row and row[0].value in (labels["numbers"], labels["choices"], labels["question"]):
            for cell in row:
                cell.font = Font(bold=True)
        elif row and isinstance(row[2].value, float):
            row[2].number_format = "0.0"


def _picked(value: Any, code: str) -> bool:
    return value == code or (isinstance(value, list) and code in value)
