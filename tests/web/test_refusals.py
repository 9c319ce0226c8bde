"""What a refusal says in the web chat: the kind of fact the plan never states and where to ask
it, the change the question names, and the closest sections once (as buttons)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Channel, Services
from tests.conftest import FakeClock
from tests.surveys.conftest import add_identity, make_town
from tests.web.webchat import WebChat, web_app

# Another name than the default, so the reply shows it comes from the setting.
OFFICE = "Văn phòng Điều phối Chuyển đổi số tỉnh"


def _chat(engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path) -> WebChat:
    office = replace(services, coordinating_office=OFFICE)
    return WebChat(web_app(engine, office, clock, tmp_path), "refusal-web-01")


@pytest.mark.parametrize(
    ("question", "says", "ask_office"),
    [
        ("phuong dc cap bao nhieu tien cho cds", "không nêu số tiền", True),
        ("so dien thoai so kh cn la j", "không nêu số điện thoại", True),
        ("ban chỉ đạo do ai làm trưởng ban", "không nêu tên người", True),
        ("đến nay đã tập huấn bao nhiêu cán bộ", "không có số liệu thống kê", True),
        ("hạn tập huấn cán bộ năm nay là ngày nào", "không nêu ngày", False),
        (
            "Sở Tài chính phải bảo đảm tỷ lệ chi tối thiểu bao nhiêu phần trăm cho chuyển đổi số?",
            "không nêu con số cụ thể",
            False,
        ),
        ("không làm thì có bị kỷ luật không", "không quy định hình thức kỷ luật", False),
    ],
)
async def test_refusal_names_the_fact_the_plan_does_not_state(
    sqlite_engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    tmp_path: Path,
    question: str,
    says: str,
    ask_office: bool,
) -> None:
    chat = _chat(sqlite_engine, services, clock, tmp_path)

    reply = await chat.say(question)

    first = reply.splitlines()[0]
    assert first.startswith("Xin lỗi, Kế hoạch 87/KH-UBND " + says), reply
    assert "không đề cập" not in reply
    assert (f"Bạn có thể hỏi {OFFICE}, cơ quan điều phối Kế hoạch." in reply) is ask_office
    assert "hỏi Sở Khoa học và Công nghệ" not in reply  # the setting names the office
    assert len(chat.keys) == 3  # the closest sections, as before


async def test_refusal_with_no_kind_keeps_the_general_words(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = _chat(sqlite_engine, services, clock, tmp_path)

    reply = await chat.say("Công thức nấu phở bò")

    assert reply.startswith("Xin lỗi, Kế hoạch 87/KH-UBND không đề cập đến nội dung bạn hỏi")
    assert OFFICE not in reply


@pytest.mark.parametrize(
    ("question", "note"),
    [
        (
            "Sau khi hợp nhất tỉnh Quảng Ngãi và Kon Tum, các xã phía Kon Tum cũ có phải thực "
            "hiện Kế hoạch 87 này không?",
            "Lưu ý: từ 01/7/2025 tỉnh Quảng Ngãi và tỉnh Kon Tum hợp nhất thành tỉnh Quảng Ngãi",
        ),
        ("cấp huyện có được cấp máy tính không", "Lưu ý: từ 01/7/2025 không còn cấp huyện"),
        ("so dien thoai so kh cn la j", "Lưu ý: từ 01/3/2025 Sở TT&TT đã hợp nhất vào"),
    ],
)
async def test_refusal_carries_the_change_the_question_names(
    sqlite_engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    tmp_path: Path,
    question: str,
    note: str,
) -> None:
    chat = _chat(sqlite_engine, services, clock, tmp_path)

    reply = await chat.say(question)

    assert reply.startswith("Xin lỗi, Kế hoạch 87/KH-UBND"), reply
    assert note in reply
    assert f"Bạn có thể hỏi {OFFICE}" in reply  # what holds today is the office's to say
    assert len(chat.keys) == 3


async def test_refusal_naming_no_change_has_no_note(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = _chat(sqlite_engine, services, clock, tmp_path)

    reply = await chat.say("Công thức nấu phở bò")

    assert "Lưu ý" not in reply


KON_TUM = (
    "Sau khi hợp nhất tỉnh Quảng Ngãi và Kon Tum, các xã phía Kon Tum cũ có phải thực hiện Kế "
    "hoạch 87 này không?"
)


def _labels(chat: WebChat) -> list[str]:
    return [str(c["label"]) for reply in chat.last for c in reply["choices"]]


async def test_did_you_mean_lists_the_sections_once_as_buttons(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = _chat(sqlite_engine, services, clock, tmp_path)

    reply = await chat.say(KON_TUM)
    labels = _labels(chat)

    assert reply.splitlines()[-1] == "Có phải bạn muốn hỏi một trong các nội dung sau?"
    assert "•" not in reply  # no text list beside the buttons
    assert len(labels) == 3 and "Phần mở đầu (căn cứ)" in labels
    for label in labels:
        head, _, tail = label.partition(": ")
        assert head.casefold() != tail.rstrip("…").casefold()


async def test_did_you_mean_mid_report_lists_the_buttons_words(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    town = await make_town(sqlite_engine)
    session = "refusal-web-report-01"
    await add_identity(
        sqlite_engine, official_id=town.official_id, user=session, channel=Channel.WEB
    )
    chat = WebChat(web_app(sqlite_engine, services, clock, tmp_path), session)
    await chat.say(KON_TUM)
    labels = _labels(chat)
    await chat.say("/baocao")
    await chat.say("co")  # question 2 asks a number; a question typed there is answered

    mid_report = await chat.say(KON_TUM)

    assert not set(labels) & set(_labels(chat)) and "Câu 2/8" in mid_report
    assert all(f"\n• {label}" in mid_report for label in labels)
    assert "phần mở đầu: Phần mở đầu" not in mid_report
