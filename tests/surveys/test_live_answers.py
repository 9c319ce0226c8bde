"""Asked in chat: what is due and when, what the report asks, whether my unit has reported,
what changed since the plan, and answers that fit one phone screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.assistant import Assistant
from handlers import Services, texts
from handlers.qa import cut_label
from knowledge.keys import parse_section_key, wants_whole
from knowledge.surveys import SURVEYS_DIR, load_definitions
from tests.conftest import FakeClock
from tests.surveys.conftest import Chat

FULL = ["/baocao", "co", "12", "5", "62,5%", "40", "1 buổi", "bo qua", "Không có gì"]


async def test_report_deadline_is_answered_with_its_date(assistant: Assistant) -> None:
    stranger = Chat(assistant, "stranger")

    reply = await stranger.say("hạn nộp báo cáo khi nào")

    # now = 30/11/2026 09:00 local: quarter 2026-Q4 is due on day 15 of its last month, 23:59.
    assert "kỳ quý IV/2026: 23:59 Thứ Ba, 15/12/2026 (còn 15 ngày)" in reply
    assert "(Kế hoạch 87/KH-UBND, mục IV.1.d; lịch báo cáo của Trợ lý CĐS)" in reply
    assert "Lưu ý" not in reply  # the reply quotes no text naming a merged body


async def test_report_deadline_notes_a_merged_body_the_question_names(
    assistant: Assistant,
) -> None:
    reply = await Chat(assistant, "stranger").say("hạn gửi báo cáo cho sở tttt khi nào")

    assert "15/12/2026" in reply
    assert "Lưu ý: từ 01/3/2025 Sở TT&TT đã hợp nhất vào Sở Khoa học và Công nghệ" in reply


async def test_report_deadline_after_due_day_names_next_period(
    assistant: Assistant, clock: FakeClock
) -> None:
    clock.now = clock.now.replace(month=12, day=20)

    reply = await Chat(assistant, "stranger").say("han nop bc khi nao")

    assert "kỳ quý I/2027: 23:59 Thứ Hai, 15/03/2027" in reply


async def test_registered_official_hears_whether_the_unit_reported(an: Chat) -> None:
    before = await an.say("đơn vị tôi đã báo cáo chưa")
    for line in FULL:
        await an.say(line)
    await an.say("Gửi báo cáo")

    after = await an.say("xã mình nộp báo cáo chưa")

    assert "Xã Bình Sơn) chưa gửi báo cáo kỳ quý IV/2026" in before
    assert "Xã Bình Sơn) đã gửi báo cáo kỳ quý IV/2026 lúc" in after


async def test_report_contents_list_its_questions_with_sections(assistant: Assistant) -> None:
    reply = await Chat(assistant, "stranger").say("báo cáo quý gồm những gì")

    assert "gồm 8 câu:" in reply
    assert "1. Có đầu mối CĐS (mục II.1.b)" in reply
    assert "8. Đề xuất, kiến nghị (phần kết)" in reply


async def test_merged_department_duties_come_from_its_section_with_note(
    assistant: Assistant,
) -> None:
    reply = await Chat(assistant, "stranger").say("Sở TT&TT có nhiệm vụ gì")

    assert "mục IV.2" in reply
    assert "Lưu ý: từ 01/3/2025 Sở TT&TT đã hợp nhất vào Sở Khoa học và Công nghệ" in reply


async def test_district_duties_note_that_the_level_ended(assistant: Assistant) -> None:
    reply = await Chat(assistant, "stranger").say("cấp huyện phải làm gì")

    assert "Lưu ý: từ 01/7/2025 không còn cấp huyện" in reply


async def test_what_changed_since_the_plan_is_listed_with_dates(assistant: Assistant) -> None:
    reply = await Chat(assistant, "stranger").say("co gi thay doi so voi ke hoach")

    lines = reply.splitlines()
    assert lines[0] == "Những thay đổi từ khi ban hành Kế hoạch 87/KH-UBND (05/4/2024):"
    assert (
        "• Từ 01/3/2025: Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ."
        in lines
    )
    assert "• Từ 01/7/2025: Không còn cấp huyện (chính quyền địa phương hai cấp)." in lines
    assert "Căn cứ" not in reply  # five changes: named only, to fit one screen
    assert len(reply) <= 700
    assert lines[-1].startswith("(Kế hoạch không nói về các thay đổi này")


async def test_a_merged_body_asked_about_today_gets_its_change_and_document(
    assistant: Assistant,
) -> None:
    chat = Chat(assistant, "stranger")

    reply = await chat.say("sở tttt giờ là sở nào")

    assert (
        "• Từ 01/3/2025: Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ."
        in reply
    )
    assert "Căn cứ: Nghị định 45/2025/NĐ-CP" in reply
    assert "(số văn bản còn chờ đối chiếu)" in reply  # the province's decision is unconfirmed
    assert "Bộ Thông tin" not in reply
    # The plan's own answer about that body is one press away.
    [plan] = chat.last[0].choices
    assert plan.label == "Kế hoạch nói gì: mục IV.2"
    duties = await chat.say(choice=plan.key)
    assert "mục IV.2" in duties and "Lưu ý: từ 01/3/2025 Sở TT&TT" in duties


async def test_phone_shorthand_for_now_gets_the_same_reply(assistant: Assistant) -> None:
    # "h" is how phones type "giờ": the plan's answer stays one press away.
    chat = Chat(assistant, "stranger")

    reply = await chat.say("so tttt h la so nao")

    assert "Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ" in reply
    assert [c.label for c in chat.last[0].choices] == ["Kế hoạch nói gì: mục IV.2"]


async def test_the_ministry_and_the_district_level_are_answered_today(
    assistant: Assistant,
) -> None:
    chat = Chat(assistant, "stranger")

    ministry = await chat.say("bo tt&tt bay gio la bo nao")
    district = await chat.say("cấp huyện còn không")

    assert "Bộ Thông tin và Truyền thông hợp nhất vào Bộ Khoa học và Công nghệ" in ministry
    assert "Nghị định 55/2025/NĐ-CP" in ministry
    assert "Không còn cấp huyện" in district and "72/2025/QH15" in district


async def test_duties_and_situations_mentioning_a_merger_stay_plan_questions(
    assistant: Assistant,
) -> None:
    chat = Chat(assistant, "stranger")

    duties = await chat.say("sở kh&cn (trước là sở tttt) phải làm gì")
    situation = await chat.say(
        "xa em vua sap nhap, ubnd xa moi chua co ai lam cds. kh 87 yeu cau xa phai bo tri "
        "nguoi ntn"
    )

    assert "mục IV.2" in duties and "Những thay đổi" not in duties
    assert "Những thay đổi" not in situation


async def test_asking_about_my_data_points_to_the_commands_not_the_plan(
    assistant: Assistant,
) -> None:
    chat = Chat(assistant, "stranger")

    for question in (
        "tôi muốn thay đổi thông tin",
        "xoa du lieu cua toi",
        "bot lưu thông tin gì của tôi",
    ):
        reply = await chat.say(question)
        assert "/toi — xem mọi thông tin trợ lý lưu về bạn" in reply
        assert "/xoathongtin" in reply and "Kế hoạch 87/KH-UBND, mục" not in reply
    plan = await chat.say("ai bảo vệ dữ liệu cá nhân")
    assert "dữ liệu cá nhân" in plan and "(Kế hoạch 87/KH-UBND, mục IV." in plan
    assert "/toi" not in plan


async def test_long_answer_is_cut_and_opens_in_full(assistant: Assistant) -> None:
    chat = Chat(assistant, "stranger")
    first = await chat.say("UBND cấp huyện có nhiệm vụ gì trong kiện toàn bộ máy")
    whole = chat.last[0].choices[0]

    full = await chat.say(choice=whole.key)

    assert len(first) <= 600
    assert "Xem đầy đủ" in first
    assert whole.label == texts.QA_SHOW_ALL and wants_whole(whole.key)
    assert parse_section_key(whole.key) == ("87/KH-UBND", "III.1.b")
    assert "Chỉ đạo, hướng dẫn UBND cấp xã trực thuộc triển khai thực hiện" in full


def test_button_labels_are_cut_between_words() -> None:
    title = "Mục III.4: Phát triển lực lượng, nâng cao năng lực quản lý nhà nước và thực thi"

    label = cut_label(title, 60)

    assert len(label) <= 60 and label.endswith("…")
    assert title.startswith(label[:-1]) and title[len(label) - 1] == " "


@pytest.mark.parametrize(
    ("limit", "label"),
    [
        # "nâng" | "cao": the cut goes before "nâng cao" (the comma after "lượng" dropped).
        (40, "Mục III.4: Phát triển lực lượng…"),
        # "quản lý nhà nước" is not split after "quản", "lý" or "nhà".
        (58, "Mục III.4: Phát triển lực lượng, nâng cao năng lực…"),
    ],
)
def test_button_labels_do_not_split_a_two_syllable_word(limit: int, label: str) -> None:
    title = "Mục III.4: Phát triển lực lượng, nâng cao năng lực quản lý nhà nước và thực thi"

    assert cut_label(title, limit) == label


def test_a_label_keeps_at_least_half_its_length_when_words_are_long() -> None:
    # "Quản lý nhà…" would split "nhà nước"; "Quản…" would be under half the limit.
    assert cut_label("Quản lý nhà nước về chuyển đổi số", 12) == "Quản lý…"


async def test_coordinating_office_comes_from_the_setting(
    sqlite_engine: AsyncEngine, services: Services, clock: FakeClock
) -> None:
    office = "Văn phòng Chuyển đổi số tỉnh"
    custom = Services(
        kb=services.kb,
        zone=services.zone,
        surveys=load_definitions(SURVEYS_DIR, office=office),
        coordinating_office=office,
    )
    chat = Chat(Assistant(engine=sqlite_engine, services=custom, clock=clock), "stranger")

    help_text = await chat.say("/trogiup")

    assert f"mã mời do {office} cấp" in help_text
    question = custom.surveys["bao-cao-quy"].questions[-1]
    assert question.text == f"Đề xuất, kiến nghị với UBND tỉnh và {office} (nếu có)?"


def test_survey_definitions_name_no_merged_department() -> None:
    texts_of_surveys = "".join(
        p.read_text(encoding="utf-8") for p in Path(SURVEYS_DIR).glob("*.yaml")
    )
    assert "Sở Thông tin và Truyền thông (nếu có)" not in texts_of_surveys
