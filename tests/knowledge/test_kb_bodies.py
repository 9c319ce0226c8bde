"""Who does what: bodies named in questions and headings, and their sections preferred."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.bodies import load_bodies
from knowledge.documents import builtin_plan
from knowledge.glossary import load_glossary
from knowledge.normalize import tokenize


@pytest.mark.parametrize(
    ("question", "body"),
    [
        ("Sở TT-TT làm gì", "so-tttt"),
        ("stttt có nhiệm vụ gì", "so-tttt"),
        ("sở kh&cn phải làm gì", "so-tttt"),
        ("lãnh đạo các sở phải làm gì", "so-nganh"),
        ("phường mình phải làm gì", "cap-xa"),
        ("cap huyen lam gi", "cap-huyen"),
        ("VP UBND tỉnh làm gì", "vp-ubnd"),
        ("bcđ cđs tỉnh có vai trò gì", "ban-chi-dao"),
    ],
)
def test_body_found_by_informal_or_current_name(question: str, body: str) -> None:
    bodies = load_bodies(load_glossary())

    assert bodies.find(tokenize(question))[0] == body


@pytest.mark.parametrize("question", ["xã hội hóa tổ công nghệ số", "quan ly du an dia phuong"])
def test_body_not_found_in_words_that_only_contain_its_name(question: str) -> None:
    assert load_bodies(load_glossary()).find(tokenize(question)) == []


def test_sections_take_their_bodies_from_the_plan_headings() -> None:
    sections = load_bodies(load_glossary()).section_bodies(list(builtin_plan().sections))

    assert sections["IV.2.c"] == {"so-tttt"}
    assert sections["III.1.b"] == {"cap-huyen"}
    assert sections["IV.1"] == {"so-nganh", "cap-huyen", "cap-xa"}
    assert sections["I.2.a"] == {"so-nganh", "cap-huyen", "cap-xa"}
    assert sections["III.3"] == {"ban-chi-dao"}
    assert sections["III.5.c"] == frozenset()


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("lãnh đạo các sở phải làm gì để kiện toàn bộ máy", "III.1.a"),
        ("sở ngành có phải bố trí ngân sách cho kế hoạch không", "IV.1.c"),
        ("Sở Tài chính có nhiệm vụ gì", "IV.6"),
        ("mục tiêu của kế hoạch gồm những gì", "II"),
        ("phần tổ chức thực hiện giao việc cho cơ quan nào", "IV"),
        ("mục a phần mục đích nói gì", "I.1.a"),
        # Names the plan never writes are read as the plan's name for the body.
        ("so khcn bay gio phai lam nhung viec gi", "IV.2"),
        ("sở khoa học có phải vận hành trung tâm dữ liệu tỉnh trên đám mây ko", "IV.2.e"),
        ("sở nv làm gì trong kế hoạch này", "IV.5"),
        ("sở tc có nhiệm vụ gì trong kh", "IV.6"),
        # The asker's story around a duty question does not make it out of scope.
        ("em mới về sở nội vụ, sếp giao luôn phần cds, theo kh 87 sở nội vụ phải làm gì", "IV.5"),
    ],
)
def test_duty_or_heading_question_cites_that_body_or_heading(
    kb: KnowledgeBase, question: str, section: str
) -> None:
    answer = kb.answer(question)

    assert answer.kind == "answer"
    assert answer.sources[0].section == section


def test_only_names_outside_the_plan_are_read_as_its_own() -> None:
    bodies = load_bodies(load_glossary())
    plan = builtin_plan()
    text = "\n".join(f"{s.title}\n{s.text}" for s in plan.sections)
    entries = bodies.outside_names(text, lambda word: word == "minh")
    outside = {" ".join(t) for e in entries for t in e.terms}

    assert {"so khcn", "so nv", "so khoa hoc"} <= outside
    # "xã mình" is the plan's "xã" plus a filler word; "công an tỉnh" is the plan's own.
    assert not {"xa minh", "cong an tinh", "so noi vu"} & outside


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("mục đích đầu tiên của kế hoạch là gì", "I.1.a"),
        ("muc tieu thu hai den 2025 la gi", "II.1.b"),
        ("yêu cầu thứ ba của kế hoạch là gì", "I.2.c"),
    ],
)
def test_counted_item_of_a_heading_is_that_item(
    kb: KnowledgeBase, question: str, section: str
) -> None:
    # The heading ranks first; "đầu tiên", "thứ hai" name one of its items, in order
    # (I.1's items are a) and c): the second item is the second, whatever its letter).
    answer = kb.answer(question)

    assert answer.kind == "answer"
    assert answer.sources[0].section == section
