"""Retrieval quality: representative questions and the dev-set targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, evaluate
from knowledge.bodies import load_bodies
from knowledge.documents import builtin_plan
from knowledge.evaluate import EvalResult, measured_on
from knowledge.examples import EXAMPLES_DIR, Example, example_files, load_examples
from knowledge.glossary import load_glossary
from knowledge.index import SectionIndex, without_law_names
from knowledge.retrieve import Retriever


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Khi nào phải thiết lập xong mạng lưới CĐS tỉnh?", "IV.2.c"),
        ("han thiet lap mang luoi chuyen doi so", "IV.2.c"),
        ("han thiet lap mang luoi chuyeenr ddooir soos", "IV.2.c"),
        ("Công an tỉnh có trách nhiệm gì trong kế hoạch", "IV.4"),
        ("tuyen truyen de an 1609", "IV.2.g"),
        ("Sở Nội vụ phối hợp làm gì", "IV.5"),
        ("ty le chi toi thieu cho chuyen doi so", "IV.6.b"),
        ("hoc truc tuyen ve chuyen doi so co cap chung chi ko", "III.4.d"),
        ("Kế hoạch gửi đến những nơi nào?", "recipients"),
        ("Gặp khó khăn vướng mắc thì báo cáo ai?", "closing"),
    ],
)
def test_answer_cites_expected_section(kb: KnowledgeBase, question: str, section: str) -> None:
    answer = kb.answer(question)
    assert answer.kind == "answer"
    assert answer.sources[0].section == section


@pytest.mark.parametrize(
    "question",
    [
        "Hôm nay thời tiết ở Quảng Ngãi thế nào?",
        "giá vàng hôm nay bao nhiêu",
        "Công thức nấu phở bò",
    ],
)
def test_answer_abstains_when_out_of_scope(kb: KnowledgeBase, question: str) -> None:
    answer = kb.answer(question)
    assert answer.kind == "abstain"
    # "không đề cập", or the kind of fact it does not state ("không nêu số tiền" for a price)
    assert "Kế hoạch 87/KH-UBND không" in answer.text
    assert 1 <= len(answer.related) <= 3


def _measure(path: Path) -> EvalResult:
    """A set's figures with its own questions left out of the labelled examples."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return evaluate(measured_on(lines), lines)


# Floors at the figures reached (README, "Questions about the plan"), each set measured with
# its own questions left out of the labelled examples (knowledge/examples). Below issue #11's
# targets (top-1 >= 0.95, top-3 >= 0.99, out of scope refused >= 0.9, false <= 0.03) where
# the figure is. blind5 to blind8 and blind10 (tests/data) were frozen unread: nothing was
# tuned on them, and they are not examples.
@pytest.mark.parametrize(
    ("name", "n", "top1", "top3", "oos", "false"),
    [
        ("blind5", 170, 0.93, 0.98, 0.92, 0.015),  # 0.938 / 0.986 / 0.92 / 0.014
        ("blind6", 170, 0.94, 0.99, 1.0, 0.01),  # 0.945 / 0.993 / 1.0 / 0.007
        ("blind7", 170, 0.92, 0.98, 0.88, 0.015),  # 0.924 / 0.986 / 0.88 / 0.014
        ("blind8", 170, 0.94, 0.99, 0.92, 0.015),  # 0.945 / 0.993 / 0.92 / 0.014
        ("blind10", 170, 0.89, 0.99, 0.88, 0.05),  # 0.897 / 0.993 / 0.88 / 0.048
        # Written from the plan alone, then read while improving: optimistic.
        ("dev", 69, 1.0, 1.0, 1.0, 0.0),  # 1.0 / 1.0 / 1.0 / 0.0
        ("blind", 183, 0.98, 0.99, 1.0, 0.01),  # 0.981 / 1.0 / 1.0 / 0.006
        ("blind4", 170, 0.92, 0.99, 1.0, 0.015),  # 0.924 / 0.993 / 1.0 / 0.014
        ("tune", 200, 0.97, 0.99, 1.0, 0.015),  # 0.971 / 1.0 / 1.0 / 0.012
        ("tune2", 200, 0.91, 0.99, 1.0, 0.03),  # 0.912 / 0.994 / 1.0 / 0.029
        # Frozen unread, then read in stop 25 (blind10 was frozen first).
        ("blind2", 150, 0.96, 0.99, 1.0, 0.0),  # 0.961 / 1.0 / 1.0 / 0.0
        ("blind3", 170, 0.92, 0.99, 1.0, 0.025),  # 0.924 / 1.0 / 1.0 / 0.021
        ("blind9", 170, 0.93, 0.97, 0.88, 0.0),  # 0.931 / 0.972 / 0.88 / 0.0
    ],
)
def test_question_set_stays_at_its_reached_floor(
    data_dir: Path, name: str, n: int, top1: float, top3: float, oos: float, false: float
) -> None:
    folder = data_dir if (data_dir / f"{name}.jsonl").exists() else EXAMPLES_DIR
    result = _measure(folder / f"{name}.jsonl")
    assert result.n == n
    assert result.top1 >= top1
    assert result.top3 >= top3
    assert result.oos_abstain >= oos
    assert result.false_abstain <= false


def test_examples_are_the_read_sets_and_no_blind_one(data_dir: Path) -> None:
    assert [p.stem for p in example_files()] == ["blind", "blind4", "dev", "tune", "tune2"]
    assert not any((data_dir / p.name).exists() for p in example_files())


def test_a_question_close_to_examples_leans_to_their_section() -> None:
    # Two sections share "vận hành, duy trì nền tảng ... Trung tâm dữ liệu": the examples
    # decide which one this question is about.
    question = "nền tảng đám mây trung tâm dữ liệu tỉnh ai lo vận hành"
    plain = KnowledgeBase.load(examples=[])
    taught = KnowledgeBase.load()
    assert plain.answer(question).sources[0].section == "IV.3"
    assert taught.answer(question).sources[0].section == "IV.2.e"


def test_held_out_questions_are_not_examples(tmp_path: Path) -> None:
    labelled = tmp_path / "one.jsonl"
    labelled.write_text(
        '{"q": "ai vận hành đám mây trung tâm dữ liệu tỉnh", "expect": ["IV.2.e"]}\n'
        '{"q": "thời tiết hôm nay", "expect": []}\n',
        encoding="utf-8",
    )
    assert load_examples([labelled]) == [
        Example("ai vận hành đám mây trung tâm dữ liệu tỉnh", ("IV.2.e",))
    ]
    assert (
        load_examples([labelled], held_out=["Ai vận hành  đám mây TRUNG TÂM dữ liệu tỉnh"]) == []
    )


def test_heldout_set_floor(kb: KnowledgeBase, data_dir: Path) -> None:
    # Not among the examples.
    lines = (data_dir / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
    result = evaluate(kb, lines)
    assert result.top3 >= 0.8
    assert result.oos_abstain >= 0.8


def test_when_question_prefers_section_with_deadline(kb: KnowledgeBase) -> None:
    answer = kb.answer("mạng lưới cđs thành lập khi nào")
    assert answer.sources[0].section == "IV.2.c"
    assert answer.text.startswith("Hạn: tháng 5/2024.")


def test_mistyped_syllable_is_repaired_to_a_word_that_follows_its_neighbour() -> None:
    # "khia" is a Vietnamese syllable the plan never writes; after "triển" the plan writes
    # "khai", so that is what was meant. Alone, it is left as typed.
    glossary = load_glossary()
    retriever = Retriever(
        SectionIndex([builtin_plan()], glossary), glossary, load_bodies(glossary)
    )

    assert "khai" in retriever.analyse("phoi hop khi trien khia ke hoach").tokens
    assert "khia" in retriever.analyse("khia canh nao").tokens


def test_space_typed_one_letter_off_is_moved() -> None:
    glossary = load_glossary()
    retriever = Retriever(
        SectionIndex([builtin_plan()], glossary), glossary, load_bodies(glossary)
    )

    assert retriever.analyse("nhiemv u cua so noi vu").tokens[:2] == ("nhiem", "vu")
    # Two syllables stay as typed, even when moving the space would make known words.
    assert retriever.analyse("dat ra muc tieu").tokens[:2] == ("dat", "ra")


def test_syllables_typed_without_spaces_are_split_as_the_plan_writes_them() -> None:
    glossary = load_glossary()
    retriever = Retriever(
        SectionIndex([builtin_plan()], glossary), glossary, load_bodies(glossary)
    )

    assert retriever.analyse("trienkhai ke hoach").tokens[:2] == ("trien", "khai")
    assert retriever.analyse("chuyendoiso cap xa").tokens[:3] == ("chuyen", "doi", "so")
    # Abbreviations and what the plan does not write side by side stay as typed.
    assert retriever.analyse("cntt attt").tokens == ("cntt", "attt")
    assert retriever.analyse("xyzwqk").tokens == ("xyzwqk",)


def test_mistyped_function_word_is_read_as_that_word() -> None:
    # "nhữn" is no word of the plan and close to "những": it says how the question is asked,
    # so it must not count as an unknown subject the plan fails to cover.
    glossary = load_glossary()
    retriever = Retriever(
        SectionIndex([builtin_plan()], glossary), glossary, load_bodies(glossary)
    )

    assert retriever.analyse("gồm nhữn giải pháp nào").tokens[1] == "nhung"
    # A word of the plan is never read as a function word.
    assert "nhanh" in retriever.analyse("nhanh chong trien khai").tokens


def test_marks_put_back_by_a_repair_do_not_make_the_question_marked(kb: KnowledgeBase) -> None:
    # Telex leftovers and "lm" are repaired to marked words; "cap xa", typed without marks,
    # must still match "cấp xã" as in a question typed without marks throughout.
    for question in ("chuyeenr ddooir soos cap xa lm gi", "chuyen doi so cap xa lm gi"):
        answer = kb.answer(question)
        assert answer.answered and answer.sources[0].section == "III.1.c", question


def test_bn_after_the_question_is_the_reader_not_a_number(kb: KnowledgeBase) -> None:
    # "ko bn" ends a yes/no question ("không bạn"); read as "bao nhiêu" it was refused as
    # asking a figure the plan does not state.
    answer = kb.answer("cổng ttđt tỉnh có phải thành viên mạng lưới ko bn")
    assert answer.answered and answer.sources[0].section == "III.5.b"
    assert not kb.answer("mạng lưới cđs có bn thành viên").answered


def test_chat_fillers_are_not_words_the_plan_must_cover(kb: KnowledgeBase) -> None:
    answer = kb.answer("a/c trả lời giúp e: tổ cnsc đ có là thành viên mạng lưới cđs ko")
    assert answer.answered and answer.sources[0].section == "III.5.b"


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("kế hoạch 87 gửi tới những đơn vị nào", "recipients"),
        ("Bộ TT&TT có được nhận văn bản này ko", "recipients"),
        ("UBND xã có trong nơi nhận ko", "recipients"),
        # The plan is where the report comes from, not what is sent.
        ("đánh giá kết quả thực hiện kh gửi về đâu", "IV.1.d"),
        ("báo cáo kết quả gửi cho ai", "IV.1.d"),
    ],
)
def test_who_the_plan_is_sent_to_is_its_recipients_list(
    kb: KnowledgeBase, question: str, section: str
) -> None:
    answer = kb.answer(question)
    assert answer.answered and answer.sources[0].section == section, question


def test_a_story_told_before_the_question_does_not_make_it_refused(kb: KnowledgeBase) -> None:
    answer = kb.answer(
        "phòng em mới nhận một bạn tốt nghiệp cntt, lãnh đạo muốn biết kh 87 có nói gì về việc "
        "thu hút tuyển dụng nhân lực chuyển đổi số không để làm tờ trình"
    )
    assert answer.answered and answer.sources[0].section == "III.4.c"


@pytest.mark.parametrize(
    "question",
    [
        "xã em vừa sáp nhập, cán bộ cđs mới về chưa quen việc, chủ tịch hỏi phụ cấp kiêm nhiệm "
        "cđs mỗi tháng được bao nhiêu",
        "em là công chức văn phòng xã, đang làm hồ sơ thi đua cuối năm cho tổ công nghệ số, a/c "
        "cho hỏi mẫu tờ trình khen thưởng lấy ở đâu",
        "xã em có nhiều hộ dân tộc thiểu số, họ hỏi đăng ký khai sinh trực tuyến cho con trên "
        "cổng dịch vụ công làm thế nào",
        "huyện cũ của em đã giải thể sau sáp nhập, hồ sơ lưu trữ về cđs của huyện bây giờ "
        "chuyển về đâu và ai giữ",
        "sở em có cán bộ để lộ mật khẩu hệ thống quản lý văn bản, lãnh đạo hỏi mức kỷ luật đối "
        "với cán bộ đó thế nào",
    ],
)
def test_a_long_story_asking_what_the_plan_does_not_say_is_refused(
    kb: KnowledgeBase, question: str
) -> None:
    assert not kb.answer(question).answered


def test_a_law_cited_by_name_is_no_topic_of_its_section() -> None:
    text = (
        "theo quy định tại Luật Công nghệ thông tin, Luật An ninh mạng, Luật Giao dịch điện tử "
        "và các văn bản pháp luật khác; theo quy định của Luật Ngân sách, theo khả năng"
    )
    assert without_law_names(text) == (
        "theo quy định tại Luật, Luật, Luật và các văn bản pháp luật khác; "
        "theo quy định của Luật, theo khả năng"
    )


@pytest.mark.parametrize(
    ("question", "sections"),
    [
        # Công an tỉnh's duty, not the two sections that list «Luật An ninh mạng».
        ("cơ quan nào lo bảo đảm an ninh mạng khi làm cđs", {"IV.4"}),
        ("an ninh mang trong cds do ai phu trach", {"IV.4"}),
        # A question naming the law finds the sections that cite it.
        ("kh nhắc luật an ninh mạng ở đâu", {"III.1.b", "IV.2.a"}),
    ],
)
def test_a_law_counts_only_for_a_question_naming_it(
    kb: KnowledgeBase, question: str, sections: set[str]
) -> None:
    answer = kb.answer(question)
    assert answer.answered and answer.sources[0].section in sections, question


def test_a_long_question_about_what_changed_since_the_plan_is_no_story(
    kb: KnowledgeBase,
) -> None:
    # Its words the plan lacks (the merger with Kon Tum) are what it asks, not a story told
    # first: refused with the change's note, as a short question on it is.
    answer = kb.answer(
        "Sau khi hợp nhất tỉnh Quảng Ngãi và Kon Tum, các xã phía Kon Tum cũ có phải thực "
        "hiện Kế hoạch 87 này không?"
    )
    assert not answer.answered
    assert "Kon Tum hợp nhất" in answer.text
