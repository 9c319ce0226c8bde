"""Results: a chart per question (choices as shares of the reporting units, numbers as totals
and means) against the plan's target where the question serves one; the table; downloads."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from dashboard import strings
from dashboard.auth import guards
from dashboard.common import pick, table_of
from dashboard.config import DashboardConfig
from dashboard.session import Viewer
from dashboard.web import render
from handlers.numbers import vn_number
from handlers.survey_values import show, show_option
from knowledge.surveys import NUMBER_TYPES, Question
from reports.consolidated import write_report
from reports.export import ExportRow, ExportTable, write_csv, write_xlsx
from reports.figures import Bar, bar_texts, vn_percent
from storage.db import session_scope

# The plan's targets (Kế hoạch 87/KH-UBND, mục II.1): 100% of communes with a CĐS focal point
# (II.1.b); 100% of network members using the national platforms (II.1.c).
TARGETS: dict[str, float] = {"II.1.b": 100.0, "II.1.c": 100.0}
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
TOP_UNITS = 10


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """What one question's card shows."""

    number: str
    question: Question
    bars: list[tuple[str, float, str]]
    maximum: float
    target: float | None
    summary: str
    answered: int

    @property
    def section(self) -> str:
        """The plan sections the question serves, when they are numbered ones."""
        sections = [s.strip() for s in (self.question.section or "").split(",")]
        return ", ".join(s for s in sections if s[:1] in ("I", "V", "X"))


def page_cells(table: ExportTable, row: ExportRow) -> list[str]:
    """A row of the results table as the page shows it: answers written as on the unit's
    page and in chat (62,5%, labels, dates), times local (the downloads keep typed values)."""
    # The status in sentence case, as every other page says it (the downloads keep theirs).
    fixed = table.cells(row, statuses=strings.STATUS)[: len(table.headers) - len(table.questions)]
    shown = [
        cell.strftime("%d/%m/%Y %H:%M") if isinstance(cell, datetime) else str(cell or "")
        for cell in fixed
    ]
    answers = [show(q, row.raw[q.id]) if q.id in row.raw else "" for q in table.questions]
    return shown + answers


def target_of(question: Question) -> float | None:
    """The plan's target for the question's first section, if it has one."""
    first = (question.section or "").split(",")[0].strip()
    return TARGETS.get(first)


def question_results(table: ExportTable) -> list[QuestionResult]:
    """One result per question over the reports sent (on time or late)."""
    sent = [row for row in table.rows if row.status in ("submitted", "late")]
    results = []
    for question in table.questions:
        values = [row.raw[question.id] for row in sent if row.raw.get(question.id) is not None]
        number = str(table.definition.number_of(question.id))
        answered = len(values)
        target = target_of(question)
        bars: list[tuple[str, float, str]] = []
        summary = ""
        maximum = 100.0
        if question.type in ("single_choice", "yes_no", "multiple_choice"):
            counted = []
            for option in question.options or []:
                count = sum(
                    1
                    for v in values
                    if (option.code in v if isinstance(v, list) else str(v) == option.code)
                )
                counted.append((show_option(question, option.code), count))
            shares = _shown(
                [Bar(label, 100 * n / answered if answered else 0.0) for label, n in counted],
                percent=True,
            )
            bars = [
                (label, share, f"{n} ({shown})")
                for (label, share, shown), (_, n) in zip(shares, counted, strict=True)
            ]
            if question.type != "yes_no":
                target = None
            summary = f"{answered} đơn vị trả lời."
        elif question.type in NUMBER_TYPES:
            numbers = [float(v) for v in values]
            total = sum(numbers)
            mean = total / len(numbers) if numbers else 0.0
            if question.type == "percent":
                figures = [Bar("Trung bình", mean)]
                if numbers:
                    figures += [Bar("Thấp nhất", min(numbers)), Bar("Cao nhất", max(numbers))]
                bars = _shown(figures, percent=True)
                summary = f"Trung bình {vn_percent(mean)} trên {answered} đơn vị."
            else:
                target = None
                ranked = sorted(
                    ((row.unit, float(row.raw[question.id])) for row in sent
                     if row.raw.get(question.id) is not None),
                    key=lambda item: -item[1],
                )[:TOP_UNITS]  # fmt: skip
                bars = _shown([Bar(unit, value) for unit, value in ranked], percent=False)
                maximum = max([value for _, value in ranked] or [1.0]) or 1.0
                summary = (
                    f"Tổng {vn_number(total)}, trung bình {vn_number(mean)}"
                    f" trên {answered} đơn vị."
                )
        else:
            target = None
            summary = f"{answered} đơn vị trả lời (câu trả lời dạng chữ, xem bảng bên dưới)."
        results.append(QuestionResult(number, question, bars, maximum, target, summary, answered))
    return results


def _shown(figures: list[Bar], *, percent: bool) -> list[tuple[str, float, str]]:
    """Chart items with their figures written alike (one decimal on all bars or none)."""
    texts = bar_texts(figures, percent=percent)
    return [(bar.label, bar.value or 0.0, text) for bar, text in zip(figures, texts, strict=True)]


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def router(config: DashboardConfig) -> APIRouter:
    """`/admin/results`, `/admin/export` and `/admin/report.docx`."""
    api = APIRouter(prefix="/admin")
    reader, _, _ = guards(config)

    @api.get("/results", response_class=HTMLResponse, include_in_schema=False)
    async def results(
        request: Request,
        viewer: Annotated[Viewer, Depends(reader)],
        survey: str | None = None,
        period: str | None = None,
    ) -> HTMLResponse:
        picked = pick(config, survey, period)
        async with session_scope(config.engine) as session:
            table = await table_of(session, config, picked)
        return render(
            request,
            "results.html",
            viewer=viewer,
            zone=config.zone,
            picked=picked,
            results=question_results(table),
            table=table,
            cells=page_cells,
            reported=sum(1 for r in table.rows if r.status in ("submitted", "late")),
        )

    @api.get("/export", include_in_schema=False)
    async def export(
        viewer: Annotated[Viewer, Depends(reader)],
        survey: str | None = None,
        period: str | None = None,
        format: Annotated[Literal["xlsx", "csv"], Query()] = "xlsx",
    ) -> FileResponse:
        picked = pick(config, survey, period)
        async with session_scope(config.engine) as session:
            table = await table_of(session, config, picked)
        folder = Path(tempfile.mkdtemp(prefix="cdsbot-export-"))
        path = folder / f"{picked.definition.id}-{picked.period}.{format}"
        try:
            (write_xlsx if format == "xlsx" else write_csv)(table, path)
        except Exception:
            _remove(folder)
            raise
        return FileResponse(
            path,
            media_type=MEDIA[format],
            filename=path.name,
            background=BackgroundTask(_remove, folder),
        )

    @api.get("/report.docx", include_in_schema=False)
    async def consolidated(
        viewer: Annotated[Viewer, Depends(reader)],
        survey: str | None = None,
        period: str | None = None,
    ) -> Response:
        picked = pick(config, survey, period)
        async with session_scope(config.engine) as session:
            report = await write_report(
                session,
                picked.definition,
                picked.period,
                issuer=config.issuer,
                zone=config.zone,
                today=config.clock().astimezone(config.zone).date(),
            )
        name = f"bao-cao-tong-hop-{picked.definition.id}-{picked.period}.docx"
        return Response(
            report.data,
            media_type=MEDIA["docx"],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return api
