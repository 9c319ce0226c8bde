"""Questions: what the plan could not answer, most frequent first; a FAQ entry made from one
answers it in chat at once (the chat consults the stored entries); FAQ list and edit."""

# No `from __future__ import annotations`: FastAPI reads the guards' types at runtime.

import re
from dataclasses import dataclass
from typing import Annotated, Self

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from dashboard import limits, strings
from dashboard.auth import guards
from dashboard.config import DashboardConfig
from dashboard.session import Viewer
from dashboard.web import back, render
from knowledge.sections import typed_section_id
from storage import faq as store
from storage.db import session_scope
from storage.knowledge import most_frequent_unanswered
from storage.models import FaqRecord

SHOWN = 50
# A question longer than this is cut in the lists (whole in its title, and on the FAQ form).
QUESTION_SHOWN = 200
SHOWN_SECTION = 30
_SPLIT = re.compile(r"[,;\s]+")


@dataclass(frozen=True, slots=True)
class Typed:
    """What the FAQ form's fields hold (a stored entry, or what was typed)."""

    question: str = ""
    answer: str = ""
    sections: str = ""
    active: bool = True

    @classmethod
    def of(cls, record: FaqRecord) -> Self:
        """The fields of a stored entry."""
        return cls(record.question, record.answer, ", ".join(record.sections), record.active)


def _shown(section: str) -> str:
    """A typed section quoted in a message: printable, not too long."""
    text = "".join(ch for ch in section if ch.isprintable())
    return text if len(text) <= SHOWN_SECTION else text[: SHOWN_SECTION - 1] + "…"


def parse_sections(text: str) -> list[str]:
    """ "II.1.b, IV.1.d" → ["II.1.b", "IV.1.d"]."""
    return [typed_section_id(part) for part in _SPLIT.split(text.strip()) if part]


def _too_long(question: str, answer: str, sections: str, cited: list[str]) -> str | None:
    """Every field past its limit, named with it; None when all fit."""
    found = [
        limits.FAQ_QUESTION.problem(question),
        limits.FAQ_ANSWER.problem(answer),
        limits.FAQ_SECTIONS.problem(sections.strip()),
        limits.too_many_sections(len(cited)),
    ]
    said = [problem for problem in found if problem]
    return " ".join(said) if said else None


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
            cut=QUESTION_SHOWN,
        )

    def form(
        request: Request,
        viewer: Viewer,
        record: FaqRecord | None,
        typed: Typed,
        *,
        problem: str | None = None,
    ) -> HTMLResponse:
        """The form; `problem` is a key of `strings.PROBLEMS` or the sentence to show."""
        known = problem in strings.PROBLEMS
        return render(
            request,
            "faq.html",
            viewer=viewer,
            zone=config.zone,
            status_code=422 if problem else 200,
            problem_key=problem if known else None,
            problem_text=None if known else problem,
            record=record,
            typed=typed,
        )

    @api.get("/questions/faq/new", response_class=HTMLResponse, include_in_schema=False)
    async def new_faq(
        request: Request, viewer: Annotated[Viewer, Depends(reader)], q: str = ""
    ) -> HTMLResponse:
        return form(request, viewer, None, Typed(question=q[: store.QUESTION_MAX]))

    @api.get("/questions/faq/{record_id}", response_class=HTMLResponse, include_in_schema=False)
    async def edit_faq(
        request: Request, record_id: int, viewer: Annotated[Viewer, Depends(reader)]
    ) -> Response:
        async with session_scope(config.engine) as session:
            record = await session.get(FaqRecord, record_id)
        if record is None:
            return back("/admin/questions", err="not_found")
        return form(request, viewer, record, Typed.of(record))

    @api.post("/questions/faq/save", include_in_schema=False)
    async def save_faq(
        request: Request,
        viewer: Annotated[Viewer, Depends(actor)],
        record_id: Annotated[str, Form(max_length=12)] = "",
        question: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
        answer: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
        sections: Annotated[str, Form(max_length=limits.RECEIVED)] = "",
        active: Annotated[str, Form(max_length=5)] = "",
    ) -> Response:
        asked = " ".join(question.split())
        reply = answer.strip()
        cited = parse_sections(sections)
        unknown = [s for s in cited if not config.kb.section(plan, s).answered]
        problem = (
            "bad_faq"
            if not asked or not reply
            else _too_long(asked, reply, sections, cited)
            or (
                strings.BAD_SECTIONS.format(sections=", ".join(f"«{_shown(s)}»" for s in unknown))
                if unknown
                else None
            )
        )
        if problem is not None:
            # Shown again with what was typed, so nothing is lost.
            record = None
            if record_id.isdigit():
                async with session_scope(config.engine) as session:
                    record = await session.get(FaqRecord, int(record_id))
            typed = Typed(
                question=question,
                answer=answer,
                sections=sections,
                active=active == "on",
            )
            return form(request, viewer, record, typed, problem=problem)
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
