"""Buttons that name a plan section show human names, never raw ids (issue 10, item 17)."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant
from handlers import Inbound
from handlers.qa import reply_to
from knowledge import Answer, Source


def _answer(kind: str, section: str, title: str) -> Answer:
    return Answer(
        kind=kind,  # type: ignore[arg-type]
        text="…",
        related=(Source(doc="kh87", section=section, title=title, score=1.0),),
    )


@pytest.mark.parametrize(
    ("kind", "section", "title", "label"),
    [
        ("abstain", "preamble", "Phần mở đầu", "Phần mở đầu (căn cứ)"),
        (
            "answer",
            "closing",
            "Yêu cầu tổ chức thực hiện",
            "Xem thêm: Phần kết (tổ chức thực hiện)",
        ),
        ("answer", "recipients", "Nơi nhận", "Xem thêm: Nơi nhận"),
        ("abstain", "IV.2.c", "Kinh phí", "Mục IV.2.c: Kinh phí"),
        ("answer", "Điều 5", "Trách nhiệm", "Xem thêm Điều 5: Trách nhiệm"),
    ],
)
def test_section_button_label_names_part_when_section_has_no_number(
    kind: str, section: str, title: str, label: str
) -> None:
    reply = reply_to(_answer(kind, section, title))

    assert [c.label for c in reply.choices] == [label]


@pytest.mark.parametrize(
    "question",
    ["ke hoach nay thuc hien quyet dinh nao", "thuong truc hdnd tinh co nhan van ban ko"],
)
async def test_buttons_of_real_answers_show_no_raw_section_id(
    assistant: Assistant, question: str
) -> None:
    replies = await assistant.handle(
        Inbound(channel="console", chat_id="u", user_id="u", text=question)
    )

    labels = [c.label for reply in replies for c in reply.choices]
    assert not any(
        raw in label for label in labels for raw in ("preamble", "closing", "recipients")
    )
