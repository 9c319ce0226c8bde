"""Reply texts: citation, leads, small talk, empty input, section lookup."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import KnowledgeBase
from knowledge.compose import fit
from knowledge.faq import FaqEntry


def test_answer_text_ends_with_citation(kb: KnowledgeBase) -> None:
    answer = kb.answer("Văn phòng UBND tỉnh làm gì")
    assert answer.answered
    assert answer.text.splitlines()[-1] == "(Kế hoạch 87/KH-UBND, mục IV.3)"


def test_answer_leads_with_deadline(kb: KnowledgeBase) -> None:
    answer = kb.answer("deadline lập mạng lưới cds")
    assert answer.text.splitlines()[0] == "Hạn: tháng 5/2024."


def test_answer_leads_with_figure(kb: KnowledgeBase) -> None:
    answer = kb.answer("hang nam phai tap huan cho bao nhieu can bo")
    assert answer.text.startswith("Chỉ tiêu: 100%")


def test_answer_related_has_at_most_two(kb: KnowledgeBase) -> None:
    answer = kb.answer("bảo vệ dữ liệu cá nhân")
    assert len(answer.related) <= 2
    assert answer.sources[0].section not in {s.section for s in answer.related}


def test_long_section_is_trimmed_to_relevant_bullets(kb: KnowledgeBase) -> None:
    answer = kb.section("87/KH-UBND", "III.5.c")
    assert answer.text.splitlines()[-1] == "(Kế hoạch 87/KH-UBND, mục III.5.c)"
    assert len(answer.text) < 1200


@pytest.mark.parametrize(
    "text", ["chào bạn", "Cảm ơn nhiều nhé", "bạn là ai?", "ok", "xin chào ạ"]
)
def test_smalltalk(kb: KnowledgeBase, text: str) -> None:
    answer = kb.answer(text)
    assert answer.kind == "smalltalk"
    assert answer.text
    assert not answer.answered


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "?!...", "asdfgh qwerty", "là gì?"])
def test_empty_input(kb: KnowledgeBase, text: str) -> None:
    answer = kb.answer(text)
    assert answer.kind == "empty"
    assert "câu hỏi" in answer.text


def test_greeting_with_question_is_answered(kb: KnowledgeBase) -> None:
    answer = kb.answer("chào bạn, Sở Nội vụ phối hợp làm gì?")
    assert answer.kind == "answer"
    assert answer.sources[0].section == "IV.5"


def test_section_lookup(kb: KnowledgeBase) -> None:
    answer = kb.section("87/KH-UBND", "IV.2.đ")
    assert answer.kind == "answer"
    assert answer.sources[0].section == "IV.2.đ"
    assert "(Kế hoạch 87/KH-UBND, mục IV.2.đ)" in answer.text.splitlines()


def test_section_lookup_when_unknown(kb: KnowledgeBase) -> None:
    assert kb.section("87/KH-UBND", "IX.9").kind == "empty"


def test_typed_section_reference(kb: KnowledgeBase) -> None:
    assert kb.answer("mục iv.2.c").sources[0].section == "IV.2.c"


def test_documents_lists_builtin_plan(kb: KnowledgeBase) -> None:
    [info] = kb.documents()
    assert (info.doc, info.title, info.builtin) == ("87/KH-UBND", "Kế hoạch 87/KH-UBND", True)


def test_smalltalk_with_ambiguous_shorthand(kb: KnowledgeBase) -> None:
    assert kb.answer("bn là ai").kind == "smalltalk"


def test_faq_answer_combines_sections(kb: KnowledgeBase) -> None:
    answer = kb.answer("xa toi phai lam nhung gi")
    assert answer.kind == "answer"
    assert [s.section for s in answer.sources] == ["III.1.c", "III.5.b", "IV.1"]
    # Curated words, not a quote: cited as a summary of the sections.
    assert (
        "(Tóm tắt theo Kế hoạch 87/KH-UBND, mục III.1.c, III.5.b, IV.1)"
        in answer.text.splitlines()
    )


def test_faq_is_reached_with_abbreviations_as_with_words(kb: KnowledgeBase) -> None:
    spelled = kb.answer("mạng lưới chuyển đổi số gồm những ai")

    for typed in ("Mạng lưới CĐS gồm những ai?", "mang luoi CDS gom nhung ai"):
        answer = kb.answer(typed)
        assert answer.text == spelled.text
        assert [s.section for s in answer.sources] == [s.section for s in spelled.sources]
    assert len(spelled.sources) > 1  # the curated answer, not one section cut short


def test_office_entry_reached_by_a_paraphrase_with_other_function_words(
    kb: KnowledgeBase,
) -> None:
    # "cần … mấy" for "phải … bao nhiêu": function words typed with marks count for nothing,
    # as they do without marks; a word the entry lacks ("giải quyết") is one word of ten.
    entry = FaqEntry(
        ("Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình phải đạt bao nhiêu?",),
        ("II.1",),
        "Theo mục tiêu của tỉnh.",
        key="o1",
    )

    for typed in (
        "tỷ lệ hồ sơ trực tuyến toàn trình cần đạt mấy %",
        "ty le ho so giai quyet truc tuyen toan trinh phai dat bao nhieu",
    ):
        answer = kb.answer_from_faq(typed, [entry])
        assert answer is not None and answer.text.startswith("Theo mục tiêu"), typed
    assert kb.answer_from_faq("tỷ lệ cán bộ được cấp máy tính", [entry]) is None


def test_question_naming_only_the_plan_gets_its_opening(kb: KnowledgeBase) -> None:
    answer = kb.answer("Kế hoạch 87/KH-UBND là gì?")
    assert answer.sources[0].section == "preamble"
    assert "(Kế hoạch 87/KH-UBND, phần mở đầu)" in answer.text.splitlines()


def test_department_not_named_in_plan_gets_the_common_tasks(kb: KnowledgeBase) -> None:
    answer = kb.answer("Sở Y tế phải làm gì về chuyển đổi số?")
    assert answer.kind == "answer"
    assert answer.sources[0].section in {"IV.1", "IV.1.a", "III.1.a"}


def test_abstain_offers_three_closest_sections(kb: KnowledgeBase) -> None:
    answer = kb.answer("Lịch thi đấu bóng đá tối nay")
    assert answer.kind == "abstain"
    assert not answer.answered
    assert len(answer.related) == 3
    assert answer.text.count("\n• ") == 3


def test_related_never_offers_an_item_of_the_answer(kb: KnowledgeBase) -> None:
    # IV.2 is answered with some of its items quoted; «Xem đầy đủ» opens the rest, so a
    # «Xem thêm» button for any of them would repeat the answer.
    answer = kb.answer("so tt tt phai lam gi")
    assert answer.sources[0].section == "IV.2"
    assert not [s.section for s in answer.related if s.section.startswith("IV.2.")]


def test_one_long_sentence_is_kept_whole_on_a_stretched_screen(kb: KnowledgeBase) -> None:
    # IV.5 is one 607-character sentence after its title: the first screen stretches (by at
    # most a quarter) to quote it whole rather than stop mid-sentence.
    answer = kb.answer("Sở Nội vụ có nhiệm vụ gì")
    assert answer.sources[0].section == "IV.5" and not answer.more
    first = answer.text.splitlines()[0]
    assert first.startswith("Sở Nội vụ: Phối hợp với Sở Thông tin và Truyền thông")
    assert first.endswith("phát triển kinh tế số và xã hội số.")
    assert len(answer.text) <= 750


def test_a_sentence_longer_than_the_stretched_screen_is_cut_at_a_clause() -> None:
    title, sentence = "Sở Nội vụ:", "Phối hợp, " * 90 + "xong."

    kept, cut = fit([title, sentence], ["(trích dẫn)"], 600)

    assert cut and kept[0] == title and kept[1].endswith("…")
    assert sum(len(line) + 1 for line in kept) <= 600


@pytest.mark.parametrize(
    "text", ["tên kế hoạch là gì", "kế hoạch này tên là gì", "ten van ban nay la gi"]
)
def test_the_plans_name_is_answered_from_its_title(kb: KnowledgeBase, text: str) -> None:
    answer = kb.answer(text)

    assert answer.answered and answer.sources[0].section == "preamble"
    assert "Đề án “Kiện toàn tổ chức bộ máy" in answer.text
    assert "trên địa bàn tỉnh Quảng Ngãi." in answer.text


@pytest.mark.parametrize("text", ["Thủ tướng tên là gì?", "bộ trưởng là ai"])
def test_a_persons_name_is_refused_even_when_the_plan_names_the_office(
    kb: KnowledgeBase, text: str
) -> None:
    assert not kb.answer(text).answered


@pytest.mark.parametrize(
    "text", ["Sở KH&CN phải làm gì", "sở kh&cn có nhiệm vụ gì", "so kh cn lam gi"]
)
def test_todays_department_written_with_an_ampersand_gets_its_duties(
    kb: KnowledgeBase, text: str
) -> None:
    answer = kb.answer(text)

    assert answer.answered and answer.sources[0].section == "IV.2"
    assert "Sở TT&TT đã hợp nhất vào Sở Khoa học và Công nghệ" in answer.text


def test_kh_before_dt_is_the_planning_department_not_the_plan(kb: KnowledgeBase) -> None:
    answer = kb.answer("sở kh&đt phải làm gì")

    assert answer.answered and answer.sources[0].section == "IV.7"


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("sở tài chính phải làm gì theo kh87", "IV.6"),
        # IV.1.b: "lồng ghép nội dung thực hiện vào các ... kế hoạch thực hiện CĐS của tỉnh".
        ("co phai longghep kh nay vs kh cds cua tinh ko", "IV.1.b"),
    ],
)
def test_plan_number_glued_to_kh_and_words_typed_together_are_read(
    kb: KnowledgeBase, text: str, section: str
) -> None:
    answer = kb.answer(text)
    assert answer.answered
    assert answer.sources[0].section == section


@pytest.mark.parametrize("text", ["chuyển đổi số là gì", "chuyeenr ddooir soos laf gif"])
def test_the_plans_subject_asked_for_a_definition_is_not_answered(
    kb: KnowledgeBase, text: str
) -> None:
    # Every section speaks of "chuyển đổi số" and none defines it.
    answer = kb.answer(text)
    assert answer.kind == "abstain"
    assert answer.related  # the closest sections are offered


@pytest.mark.parametrize("text", ["kế hoạch này là gì", "ke hoach nay noi ve gi"])
def test_what_the_plan_is_gets_its_opening(kb: KnowledgeBase, text: str) -> None:
    answer = kb.answer(text)
    assert answer.answered
    assert answer.sources[0].section == "preamble"


def test_a_question_typed_without_marks_gets_the_same_answer(kb: KnowledgeBase) -> None:
    marked = kb.answer("Kế hoạch 87 có mục tiêu gì?")
    plain = kb.answer("ke hoach 87 co muc tieu gi")
    assert plain.text == marked.text
    assert plain.text.startswith("Mục tiêu:\n1) Mục tiêu cụ thể đến năm 2025")


def test_an_item_of_a_bodys_heading_says_whose_duty_it_is(kb: KnowledgeBase) -> None:
    answer = kb.answer("ngân sách cho chuyển đổi số lấy ở đâu")

    assert answer.sources[0].section.startswith("IV.6.")
    assert answer.text.startswith("Sở Tài chính: ")
    # IV.6's change note holds for its items too.
    assert "Sở KH&ĐT) đã hợp nhất vào Sở Tài chính" in answer.text
    # A heading about a subject that mentions a body gives no such prefix.
    assert kb.section("87/KH-UBND", "III.3.a").text.startswith("Ban Chỉ đạo Chuyển đổi số các cấp")


def test_deadline_lead_says_whether_it_passed(kb: KnowledgeBase) -> None:
    question = "han thiet lap mang luoi cds la khi nao"

    assert kb.answer(question, today=date(2026, 12, 1)).text.startswith(
        "Hạn: tháng 5/2024 (đã qua).\n"
    )
    assert kb.answer(question, today=date(2024, 5, 31)).text.startswith("Hạn: tháng 5/2024.\n")
    # Without a date (a caller with no clock), the lead is the plan's words alone.
    assert kb.answer(question).text.startswith("Hạn: tháng 5/2024.\n")


def test_title_line_over_bullets_introduces_them(kb: KnowledgeBase) -> None:
    answer = kb.answer("ubnd cap huyen phai trien khai nhung gi")

    assert answer.text.startswith("Đối với UBND cấp huyện:\n- Rà soát")


def test_item_naming_its_own_subject_gets_no_prefix(kb: KnowledgeBase) -> None:
    # IV.1.a opens with the bodies it addresses; the other IV.1 items get the heading's
    # bodies, in the plan's short form.
    own = kb.answer("Thủ trưởng các sở phải chịu trách nhiệm gì?")
    prefixed = kb.answer("kinh phi lam cds o xa lay o dau")

    assert own.text.startswith("Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND cấp huyện")
    assert prefixed.text.startswith("Các sở, ban, ngành tỉnh; UBND cấp huyện; UBND cấp xã: ")


def test_basis_question_leads_with_the_document_cited(kb: KnowledgeBase) -> None:
    # The opening sentence naming the decision is too long for the first screen.
    basis = kb.answer("Kế hoạch 87 căn cứ vào quyết định nào?")
    both = kb.answer("kh 87 ban hành ngày nào, căn cứ quyết định nào?")

    decision = "Căn cứ: Quyết định số 1690/QĐ-TTg ngày 26/12/2023 của Thủ tướng Chính phủ."
    assert basis.text.splitlines()[0] == decision
    assert both.text.splitlines()[:2] == ["Thời gian: ngày 05 tháng 4 năm 2024.", decision]


def test_runner_up_covering_every_word_goes_first_when_close(kb: KnowledgeBase) -> None:
    # IV.6.b (the minimum share) outscores IV.6.a by a hair but never says "luật"; IV.6.a
    # (the estimate under the State Budget Law) covers the whole question.
    answer = kb.answer("kinh phi chi thuong xuyen bo tri theo luat nao")

    assert answer.answered and answer.sources[0].section == "IV.6.a"


def test_question_after_a_story_is_answered_saying_which(kb: KnowledgeBase) -> None:
    # Refused as a whole (the story's words are in no section); its last sentence alone is
    # a question the plan answers.
    story = "Sếp mình vừa đi họp về, hối quá. Theo kế hoạch thì gửi dự toán cho ai, lúc nào?"

    answer = kb.answer(story)

    assert answer.kind == "answer" and answer.unsure
    assert answer.text.startswith(
        "Mình trả lời câu hỏi cuối của bạn: «Theo kế hoạch thì gửi dự toán cho ai, lúc nào?»\n"
    )
    assert answer.sources[0].section == "IV.6.a"
    assert all(r.section != "IV.6.a" for r in answer.related)


def test_story_does_not_make_an_out_of_scope_question_answered(kb: KnowledgeBase) -> None:
    answer = kb.answer("Lương tôi thấp quá. Phụ cấp cán bộ cds bao nhiêu?")

    assert answer.kind == "abstain"
