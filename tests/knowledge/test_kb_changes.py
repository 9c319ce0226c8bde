"""What changed since the plan, the notes answers carry, and answers cut to a phone screen."""

from __future__ import annotations

from pathlib import Path

from knowledge import PLAN_DOC, KnowledgeBase
from knowledge.changes import load_changes, notes_for
from knowledge.compose import fit
from knowledge.keys import parse_section_key, section_key, wants_whole
from knowledge.live_intents import live_intent

PHONE = 600


def test_changes_file_lists_dated_changes_with_their_sources() -> None:
    changes = {c.id: c for c in load_changes()}

    merged = changes["so-tttt-hop-nhat-so-khcn"]
    assert merged.when is not None and merged.when.isoformat() == "2025-03-01"
    assert "45/2025/NĐ-CP" in merged.document and merged.source_to_confirm
    assert "72/2025/QH15" in changes["khong-con-cap-huyen"].document
    assert all(c.document and c.when is not None for c in changes.values())
    assert "so-khdt" in changes["so-khdt-hop-nhat-so-tai-chinh"].bodies


def test_changes_file_edited_by_the_office_is_read(tmp_path: Path) -> None:
    path = tmp_path / "changes.yaml"
    path.write_text(
        "- {id: doi-ten, date: 2026-01-01, note: đổi tên, document: '1/QĐ-UBND', "
        "bodies: [noi-vu]}\n",
        encoding="utf-8",
    )

    [change] = load_changes(path)

    assert not change.source_to_confirm
    assert notes_for([change], sections=(), bodies={"noi-vu"}) == ["đổi tên"]


def test_duties_of_merged_department_carry_the_change_note(kb: KnowledgeBase) -> None:
    answer = kb.answer("Sở TT&TT có nhiệm vụ gì")

    notes = [line for line in answer.text.splitlines() if line.startswith("Lưu ý:")]
    assert answer.sources[0].section == "IV.2"
    # The note on the body asked about comes first (a cited section may add another).
    assert notes[0].startswith("Lưu ý: từ 01/3/2025 Sở TT&TT")


def test_heading_answer_carries_the_notes_of_the_items_it_shows(kb: KnowledgeBase) -> None:
    # II lists II.1.b («… Ủy ban nhân dân cấp huyện; …»), which the district change names.
    answer = kb.answer("kh87 co muc tieu gi")

    assert answer.sources[0].section == "II" and "cấp huyện;" in answer.text
    assert "Lưu ý: từ 01/7/2025 không còn cấp huyện" in answer.text


def test_curated_answer_keeps_its_notes_and_is_cut_instead(kb: KnowledgeBase) -> None:
    answer = kb.answer("mang luoi cds gom nhung ai")
    whole = kb.faq_whole(answer.faq, [])

    assert answer.faq and answer.more and whole is not None
    assert "Lưu ý: từ 01/3/2025 Sở TT&TT" in answer.text
    assert len(answer.text) <= 600 and len(whole.text) > len(answer.text)
    # Its members come first: the list is what "gồm những ai" asks.
    assert answer.text.startswith("Thành viên Mạng lưới") and "doanh nghiệp." in answer.text


def test_curated_answer_notes_only_what_it_or_its_main_section_names(kb: KnowledgeBase) -> None:
    # The office's duties cite III.5.b for one detail; III.5.b's district contact points
    # brought the district level's note, which pushed the duties off the first screen.
    answer = kb.answer("Sở KH&CN có nhiệm vụ gì trong Kế hoạch 87?")

    assert answer.faq and not answer.more
    assert "Lưu ý: từ 01/3/2025 Sở TT&TT" in answer.text
    assert "cấp huyện" not in answer.text
    assert "vận hành nền tảng điện toán đám mây" in answer.text


def test_district_duties_note_the_level_ended(kb: KnowledgeBase) -> None:
    answer = kb.answer("UBND cấp huyện có nhiệm vụ gì trong kiện toàn bộ máy")

    assert answer.sources[0].section == "III.1.b"
    assert "Lưu ý: từ 01/7/2025 không còn cấp huyện" in answer.text


def test_ministry_merger_is_listed_with_its_decree() -> None:
    ministry = {c.id: c for c in load_changes()}["bo-tttt-hop-nhat-bo-khcn"]

    assert "55/2025/NĐ-CP" in ministry.document and not ministry.source_to_confirm
    assert {"IV.1.d", "recipients"} <= set(ministry.sections)


def test_notes_on_the_answers_own_bodies_come_before_names_in_its_text(
    kb: KnowledgeBase,
) -> None:
    # IV.1.d is addressed to the districts among others and names Sở TT&TT and Bộ TT&TT: three
    # changes touch it; the district level's end is about whom the item binds, so it comes
    # first. The item is short: the third note fits with it whole.
    answer = kb.answer("báo cáo kết quả thực hiện kế hoạch gửi về đâu")

    assert answer.sources[0].section == "IV.1.d" and not answer.more
    notes = [line for line in answer.text.splitlines() if line.startswith("Lưu ý:")]
    assert len(notes) == 3
    assert "không còn cấp huyện" in notes[0]
    assert "Sở TT&TT" in notes[1]
    assert "Bộ TT&TT đã hợp nhất vào Bộ Khoa học và Công nghệ" in notes[2]
    assert len(answer.text) <= 600


def test_a_third_note_never_pushes_the_answer_off_the_screen(kb: KnowledgeBase) -> None:
    # IV.1's heading lists five items: with three notes it would be cut sooner, so two.
    answer = kb.answer("các sở, ban, ngành tỉnh, ubnd cấp huyện, cấp xã có trách nhiệm gì")

    notes = [line for line in answer.text.splitlines() if line.startswith("Lưu ý:")]
    assert answer.more and len(notes) <= 2


def test_unaffected_section_has_no_note(kb: KnowledgeBase) -> None:
    answer = kb.answer("Công an tỉnh có trách nhiệm gì trong kế hoạch")

    assert "Lưu ý" not in answer.text


def test_long_answer_fits_a_phone_screen_and_says_there_is_more(kb: KnowledgeBase) -> None:
    answer = kb.answer("UBND cấp huyện có nhiệm vụ gì trong kiện toàn bộ máy")

    assert len(answer.text) <= PHONE
    assert answer.more
    assert "(Kế hoạch 87/KH-UBND, mục III.1.b)" in answer.text.splitlines()


def test_whole_section_is_not_cut(kb: KnowledgeBase) -> None:
    whole = kb.section("87/KH-UBND", "III.1.b", whole=True)

    assert len(whole.text) > PHONE
    assert "Chỉ đạo, hướng dẫn UBND cấp xã trực thuộc" in whole.text
    assert not whole.more


def test_cut_keeps_whole_sentences_and_the_tail() -> None:
    lines = ["Câu một ngắn. " * 10 + "Câu cuối.", "- Ý thứ hai rất dài. " * 20]

    kept, cut = fit(lines, ["(trích dẫn)"], 200)

    assert cut
    assert all(line.endswith(".") for line in kept)
    assert sum(len(line) + 1 for line in kept) <= 200


def test_cut_never_ends_at_a_semicolon_inside_a_sentence(kb: KnowledgeBase) -> None:
    # A ";" inside a line lists the members of one sentence: "100% sở, ban, ngành tỉnh; Ủy
    # ban nhân dân cấp huyện; …" cut after "cấp huyện;" would stop mid-sentence.
    lines = ["Mục tiêu:", "b) 100% sở, ban, ngành tỉnh; Ủy ban nhân dân cấp huyện; " + "x " * 80]

    kept, cut = fit(lines, ["(trích dẫn)"], 120)

    assert cut
    assert not any(line.endswith(";") for line in kept)
    answer = kb.answer("chỉ tiêu năm 2025 là gì")
    assert not any(line.endswith(";") for line in answer.text.splitlines())


def test_opening_without_all_caps_title(kb: KnowledgeBase) -> None:
    answer = kb.section("87/KH-UBND", "preamble", whole=True)

    assert "KẾ HOẠCH" not in answer.text
    assert "Kế hoạch" in answer.text


def test_heading_items_are_whole_in_the_full_view_and_never_end_in_stop_ellipsis(
    kb: KnowledgeBase,
) -> None:
    first = kb.section(PLAN_DOC, "IV.2")
    whole = kb.section(PLAN_DOC, "IV.2", whole=True)

    assert first.more and "tại cơ quan…" in first.text
    item_a = next(line for line in whole.text.splitlines() if line.startswith("a) "))
    assert "tại cơ quan, đơn vị theo quy định tại Luật Công nghệ thông tin" in item_a
    assert "…" not in whole.text
    assert ".…" not in first.text and ".…" not in whole.text
    assert "e) Thông báo, cập nhật danh mục các nền tảng số" in whole.text


def test_whole_section_key_round_trips() -> None:
    key = section_key("87/KH-UBND", "IV.2.đ", whole=True)

    assert wants_whole(key) and len(key) <= 64
    assert parse_section_key(key) == ("87/KH-UBND", "IV.2.đ")
    assert not wants_whole(section_key("87/KH-UBND", "IV.2.đ"))


def test_live_questions_are_told_from_plan_questions() -> None:
    assert live_intent("hạn nộp báo cáo quý khi nào") == "report_due"
    assert live_intent("han nop bc") == "report_due"
    assert live_intent("xã mình đã báo cáo chưa") == "report_status"
    assert live_intent("báo cáo gồm những gì") == "report_contents"
    assert live_intent("sắp tới có hạn gì") == "upcoming"
    assert live_intent("Gặp khó khăn vướng mắc thì báo cáo ai?") is None
    assert live_intent("vốn đầu tư công trung hạn báo cáo") is None


def test_question_about_one_member_sees_that_member_on_the_first_screen(
    kb: KnowledgeBase,
) -> None:
    # III.5.b lists six members; with its notes it does not fit a phone screen, and the
    # telecom businesses come fourth.
    answer = kb.answer("thanh vien mang luoi co doanh nghiep vien thong ko")

    assert answer.sources[0].section == "III.5.b" and answer.more
    assert "- Lãnh đạo và nhân sự các doanh nghiệp bưu chính, viễn thông" in answer.text
    assert "(còn 3 ý khác trong mục này)" in answer.text
    assert len(answer.text) <= 600
