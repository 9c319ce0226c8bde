"""A FAQ answer longer than a phone screen, written in the console or curated: the first
message stops at a line, and «Xem đầy đủ» opens the rest of that answer, not a plan section."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from knowledge import KnowledgeBase
from knowledge.answer import PHONE_CHARS
from knowledge.keys import faq_key, parse_faq_key
from knowledge.phrases import CUT_MORE
from storage import faq
from storage.db import session_scope
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, web_app

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
QUESTION = "phần mềm quản lý văn bản của xã dùng thế nào"
STEPS = [
    f"Bước {n}: mở phần mềm, chọn mục văn bản đến số {n} và ghi ý kiến xử lý."
    for n in range(1, 16)
]
LONG_ANSWER = "Các bước xử lý văn bản trên phần mềm:\n\n" + "\n".join(f"  {s}  " for s in STEPS)


async def _save(
    engine: AsyncEngine,
    answer: str,
    sections: list[str],
    *,
    record_id: int | None = None,
    active: bool = True,
) -> int:
    async with session_scope(engine) as session:
        record = await faq.save_record(
            session, record_id=record_id, question=QUESTION, answer=answer,
            sections=sections, active=active, now=NOW,
        )  # fmt: skip
        assert record is not None and record.id is not None
        return record.id


def _show_all(chat: WebChat) -> str:
    [key] = [
        str(c["key"]) for r in chat.last for c in r["choices"] if c["label"] == texts.QA_SHOW_ALL
    ]
    return key


async def test_long_office_answer_opens_its_own_rest(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    record_id = await _save(engine, LONG_ANSWER, ["IV.2"])
    chat = WebChat(web_app(engine, services, clock, tmp_path), "long-faq-web-01")

    first = await chat.say(QUESTION)
    key = _show_all(chat)
    whole = await chat.say(choice=key)

    assert first.startswith("Các bước xử lý văn bản trên phần mềm:\nBước 1: mở phần mềm")
    assert len(first) <= PHONE_CHARS + len(CUT_MORE) + 1 and first.endswith(CUT_MORE)
    assert STEPS[-1] not in first and "Giải đáp của" in first
    assert key == faq_key(f"o{record_id}")
    # The rest of the office's answer, line by line, with its citation; not section IV.2.
    assert whole.split("\n")[: len(STEPS) + 1] == ["Các bước xử lý văn bản trên phần mềm:", *STEPS]
    assert "Giải đáp của" in whole and "mục IV.2" in whole
    assert texts.QA_SHOW_ALL not in str(chat.last) and CUT_MORE not in whole


async def test_whole_answer_follows_edits_and_withdrawal(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    record_id = await _save(engine, LONG_ANSWER, [])
    chat = WebChat(web_app(engine, services, clock, tmp_path), "long-faq-web-02")

    first = await chat.say(QUESTION)
    await _save(engine, LONG_ANSWER.replace("ghi ý kiến", "chuyển xử lý"), [], record_id=record_id)
    edited = await chat.say(choice=_show_all(chat))
    await chat.say(QUESTION)
    await _save(engine, LONG_ANSWER, [], record_id=record_id, active=False)
    withdrawn = await chat.say(choice=_show_all(chat))

    # A console entry citing no section is cut too.
    assert first.endswith(CUT_MORE) and STEPS[-1] not in first
    assert "chuyển xử lý" in edited and "ghi ý kiến" not in edited
    assert edited.rstrip().endswith(")") and "Giải đáp của" in edited.split("\n")[-1]
    assert withdrawn == texts.QA_FAQ_GONE


async def test_curated_answer_whole_and_keys() -> None:
    kb = KnowledgeBase.load()
    answer = kb.answer("xã tôi phải làm những gì")
    whole = kb.faq_whole(answer.faq, [])

    assert answer.faq == "c0" and whole is not None
    # Whole: the answer uncut, with the same citation and notes.
    tail = [line for line in answer.text.split("\n") if line.startswith(("(", "Lưu ý:"))]
    assert whole.text.startswith(answer.text.split("\n")[0]) and not whole.more
    assert whole.text.split("\n")[-len(tail) :] == tail and len(whole.text) > len(answer.text)
    assert kb.faq_whole("c9999", []) is None and kb.faq_whole("o1", []) is None
    assert parse_faq_key(faq_key("o12")) == "o12"
    for junk in ("faq:", "faq:x1", "faq:o1:all", "faq:o" + "1" * 13, "kb:o1", "faq:o-1"):
        assert parse_faq_key(junk) is None
