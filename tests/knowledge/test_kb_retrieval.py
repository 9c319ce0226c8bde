"""Retrieval quality: representative questions and the dev-set targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, evaluate
from knowledge.bodies import load_bodies
from knowledge.documents import builtin_plan
from knowledge.evaluate import EvalResult
from knowledge.glossary import load_glossary
from knowledge.index import SectionIndex
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


def test_dev_set_meets_targets(kb: KnowledgeBase, dev_set: Path) -> None:
    lines = dev_set.read_text(encoding="utf-8").splitlines()
    result = evaluate(kb, lines)
    assert result.n == len([line for line in lines if line.strip()])
    # Floors at what is reached (0.984 / 1.0 / 1.0 / 0.0), so a regression fails.
    assert result.top1 >= 0.98
    assert result.top3 == 1.0
    assert result.oos_abstain == 1.0
    assert result.false_abstain == 0.0


def test_blind_set_stays_at_its_reached_floor(kb: KnowledgeBase, data_dir: Path) -> None:
    # tests/data/blind.jsonl: 183 questions written from the plan text alone (issue #11), whose
    # misses were read while improving retrieval. Floors at what is reached (0.962 / 0.994 /
    # 1.0 / 0.006).
    lines = (data_dir / "blind.jsonl").read_text(encoding="utf-8").splitlines()
    result = evaluate(kb, lines)
    assert result.n == 183
    assert result.top1 >= 0.96
    assert result.top3 >= 0.99
    assert result.oos_abstain >= 0.96
    assert result.false_abstain <= 0.01


def _measure(data_dir: Path, name: str, kb: KnowledgeBase) -> EvalResult:
    return evaluate(kb, (data_dir / name).read_text(encoding="utf-8").splitlines())


# Floors at the figures reached (README, "Questions about the plan"); every one is below issue
# #11's targets (top-1 >= 0.95, top-3 >= 0.99, out of scope refused >= 0.9, false <= 0.03)
# except where noted. blind2, blind3, blind5, blind6, blind7 and blind8 were frozen unread:
# nothing was tuned on them.
@pytest.mark.parametrize(
    ("name", "n", "top1", "top3", "oos", "false"),
    [
        ("blind2.jsonl", 150, 0.88, 0.99, 1.0, 0.025),  # 0.883 / 0.992 / 1.0 / 0.023
        ("blind3.jsonl", 170, 0.86, 0.97, 0.88, 0.015),  # 0.869 / 0.979 / 0.88 / 0.014
        ("blind5.jsonl", 170, 0.88, 0.97, 0.88, 0.025),  # 0.890 / 0.972 / 0.88 / 0.021
        ("blind6.jsonl", 170, 0.91, 0.97, 0.96, 0.01),  # 0.917 / 0.972 / 0.96 / 0.007
        ("blind7.jsonl", 170, 0.88, 0.97, 0.88, 0.015),  # 0.897 / 0.972 / 0.88 / 0.014
        ("blind8.jsonl", 170, 0.88, 0.97, 0.92, 0.025),  # 0.890 / 0.979 / 0.92 / 0.021
        # Written from the plan alone, then read while improving: optimistic.
        ("blind4.jsonl", 170, 0.84, 0.96, 1.0, 0.025),  # 0.841 / 0.966 / 1.0 / 0.021
        ("tune.jsonl", 200, 0.91, 0.99, 1.0, 0.01),  # 0.918 / 0.994 / 1.0 / 0.006
        ("tune2.jsonl", 200, 0.88, 0.98, 1.0, 0.03),  # 0.882 / 0.982 / 1.0 / 0.029
    ],
)
def test_question_set_stays_at_its_reached_floor(
    kb: KnowledgeBase,
    data_dir: Path,
    name: str,
    n: int,
    top1: float,
    top3: float,
    oos: float,
    false: float,
) -> None:
    result = _measure(data_dir, name, kb)
    assert result.n == n
    assert result.top1 >= top1
    assert result.top3 >= top3
    assert result.oos_abstain >= oos
    assert result.false_abstain <= false


def test_heldout_set_floor(kb: KnowledgeBase, data_dir: Path) -> None:
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
