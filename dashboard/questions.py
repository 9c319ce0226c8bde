"""Questions: what the plan could not answer, most frequent first; a FAQ entry made from one
answers it in chat at once (the chat consults the stored entries); FAQ list and edit."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dashboard.auth import guards
from dashboard.config import DashboardConfig
from dashboard.session import Viewer
from dashboard.web import back, render
from storage import faq as store
from storage.db import session_scope
from storage.knowledge import most_frequent_unanswered
from storage.models import FaqRecord

SHOWN = 50
_SPLIT = re.compile(r"[,;\s]+")


def parse_sections(text: str) -> list[str]:
    """ "II.1.b, IV.1.d" → ["II.1.b", "IV.1.d"]."""
    return [part for part in _SPLIT.split(text.strip()) if part][:10]


def router(config: DashboardConfig) -> APIRouter:
    """`/admin/questions` and the FAQ forms."""
    api = APIRouter(prefix="/admin")
    reader, _, actor = guards(config)
    plan = config.kb.documents()[0].doc

    @api.get("/questions", response_class=HTMLResponse, include_in_schema=False)
    async def questions_page(
        request: Request, viewer: Annotated[Viewer, Depends(reader)]
    ) -> HTMLResponse:
        async with session_scope(config.engine) as session:
            asked = await most_frequent_unanswered(session, limit=SHOWN)
            records = await store.list_records(session)
            entries = await store.active_entries(session)
        rows = [
            (question, count, last, config.kb.answer_from_faq(question, entries) is not None)
            for question, count, last in asked
        ]
        return render(
            request,
            "questions.html",
            viewer=viewer,
            zone=config.zone,
            rows=rows,
            records=records,
        )

    def form(
        request: Request, viewer: Viewer, record: FaqRecord | None, question: str
    ) -> HTMLResponse:
        return render(
            request,
            "faq.html",
            viewer=viewer,
            zone=config.zone,
            record=record,
            question=record.question if record else question[: store.QUESTION_MAX],
        )

    @api.get("/questions/faq/new", response_class=HTMLResponse, include_in_schema=False)
    async def new_faq(
        request: Request, viewer: Annotated[Viewer, Depends(reader)], q: str = ""
    ) -> HTMLResponse:
        return form(request, viewer, None, q)

    @api.get("/questions/faq/{record_id}", response_class=HTMLResponse, include_in_schema=False)
    async def edit_faq(
        request: Request, record_id: int, viewer: Annotated[Viewer, Depends(reader)]
    ) -> Response:
        async with session_scope(config.engine) as session:
            record = await session.get(FaqRecord, record_id)
        if record is None:
            return back("/admin/questions", err="not_found")
        return form(request, viewer, record, "")

    @api.post("/questions/faq/save", include_in_schema=False)
    async def save_faq(
        viewer: Annotated[Viewer, Depends(actor)],
        record_id: Annotated[str, Form(max_length=12)] = "",
        question: Annotated[str, Form(max_length=store.QUESTION_MAX * 2)] = "",
        answer: Annotated[str, Form(max_length=store.ANSWER_MAX * 2)] = "",
        sections: Annotated[str, Form(max_length=200)] = "",
        active: Annotated[str, Form(max_length=5)] = "",
    ) -> RedirectResponse:
        asked = " ".join(question.split())
        reply = answer.strip()
        target = f"/admin/questions/faq/{record_id}" if record_id.isdigit() else "/admin/questions"
        if not asked or not reply:
            return back(target, err="bad_faq")
        cited = parse_sections(sections)
        if any(not config.kb.section(plan, section).answered for section in cited):
            return back(target, err="bad_section")
        async with session_scope(config.engine) as session:
            saved = await store.save_record(
                session,
                record_id=int(record_id) if record_id.isdigit() else None,
                question=asked,
                answer=reply,
                sections=cited,
                active=active == "on" or not record_id.isdigit(),
                now=config.clock(),
            )
        if saved is None:
            return back("/admin/questions", err="not_found")
        return back("/admin/questions", ok="faq_saved")

    return api
