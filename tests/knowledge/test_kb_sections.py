"""Section parsing for plans (I./1./a)) and legal documents (Chương/Điều)."""

from __future__ import annotations

from pathlib import Path

from knowledge.casing import Casing, is_shouted
from knowledge.documents import builtin_plan
from knowledge.sections import parse_sections


def _by_id() -> dict[str, object]:
    return {s.id: s for s in builtin_plan().sections}


def test_plan_has_expected_section_ids() -> None:
    ids = [s.id for s in builtin_plan().sections]
    expected = [
        "preamble",
        "I",
        "I.1",
        "I.1.a",
        "I.1.c",
        "I.2",
        "I.2.d",
        "II",
        "II.1",
        "II.1.d",
        "II.2.b",
        "III",
        "III.1.c",
        "III.2",
        "III.5.b",
        "III.6",
        "IV",
        "IV.2.đ",
        "IV.2.g",
        "IV.3",
        "IV.5",
        "IV.7",
        "IV.8.c",
        "closing",
        "recipients",
    ]
    assert [i for i in ids if i in expected] == expected
    assert "I.1.b" not in ids
    assert len(ids) == len(set(ids))


def test_plan_bullets_belong_to_item_above() -> None:
    sections = {s.id: s for s in builtin_plan().sections}
    members = sections["III.5.b"]
    assert members.text.count("\n- ") == 6
    assert "Tổ công nghệ số cộng đồng" in members.text
    assert members.parent == "III.5"


def test_plan_titles_and_bodies() -> None:
    sections = {s.id: s for s in builtin_plan().sections}
    assert sections["III"].title == "Các nhiệm vụ, giải pháp chủ yếu"
    assert sections["IV.3"].title == "Văn phòng Ủy ban nhân dân tỉnh"
    assert sections["IV.3"].text.startswith("Vận hành, duy trì nền tảng")
    assert sections["IV.7"].title == "Sở Kế hoạch và Đầu tư"
    assert sections["IV.7"].text.startswith("Chủ trì, phối hợp")
    assert sections["III.2"].text.startswith("Xây dựng, phát triển")
    assert sections["III.1.c"].title == "Đối với UBND cấp xã"
    assert "tháng 5/2024" in sections["IV.2.c"].text
    assert sections["closing"].text.startswith("Yêu cầu các cơ quan")
    assert sections["recipients"].text.startswith("Nơi nhận:")
    assert "Lưu: VT" in sections["recipients"].text
    assert sections["preamble"].text.startswith("Số: 87/KH-UBND")


def test_legal_document_ids(data_dir: Path) -> None:
    text = (data_dir / "nghi-dinh-mau.txt").read_text(encoding="utf-8")
    sections = {s.id: s for s in parse_sections(text)}
    assert list(sections) == [
        "preamble",
        "Chương I",
        "Điều 1",
        "Điều 2",
        "Điều 2.1",
        "Điều 2.2",
        "Chương II",
        "Điều 5",
        "Điều 5.1",
        "Điều 5.2",
        "Điều 5.2.a",
        "Điều 5.2.b",
        "Điều 5.2.đ",
        "Điều 5.3",
        "Điều 6",
        "recipients",
    ]
    assert sections["Chương I"].title == "Quy định chung"
    assert sections["Điều 5"].title == "Trách nhiệm của Ủy ban nhân dân cấp tỉnh"
    assert sections["Điều 5.2.b"].parent == "Điều 5.2"
    assert sections["Điều 5"].parent == "Chương II"


def test_parse_sections_when_text_is_empty() -> None:
    assert parse_sections("") == []


def test_capitalised_title_keeps_the_names_the_plan_capitalises() -> None:
    plan = builtin_plan()
    preamble = plan.sections[0].text.split("\n")

    assert plan.name.startswith("Kế hoạch triển khai thực hiện Đề án “Kiện toàn tổ chức")
    assert "pháp luật về Chuyển đổi số từ trung ương" in plan.name
    assert plan.name.endswith("trên địa bàn tỉnh Quảng Ngãi")
    assert plan.name in preamble
    assert not any(is_shouted(line) for line in preamble)


def test_sentence_case_keeps_acronyms_and_lowers_plain_words() -> None:
    casing = Casing(["Ủy ban nhân dân tỉnh Quảng Ngãi giao UBND các xã.", "Các xã, phường."])

    assert casing.sentence_case("GỬI UBND TỈNH QUẢNG NGÃI") == "Gửi UBND tỉnh Quảng Ngãi"
    assert casing.sentence_case("- VPUB: CVP, PCVP;") == "- VPUB: CVP, PCVP;"
    assert casing.sentence_case("CÁC XÃ, PHƯỜNG") == "Các xã, phường"
    assert casing.sentence_case("Đã viết thường") == "Đã viết thường"


def test_end_mark_of_the_document_is_not_quoted() -> None:
    closing = {s.id: s for s in builtin_plan().sections}["closing"]

    assert closing.text.endswith("với tình hình thực tế.")
    assert "/." not in closing.text


QUY_CHE = """QUY CHẾ HOẠT ĐỘNG
TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG
1. Phạm vi điều chỉnh
Quy chế này quy định hoạt động của Tổ công nghệ số cộng đồng.
2. Nhiệm vụ của Tổ
a) Hướng dẫn người dân cài đặt ứng dụng VNeID;
b) Hỗ trợ thanh toán không dùng tiền mặt.
3. Kinh phí
Kinh phí hoạt động của Tổ do ngân sách xã bảo đảm.
"""


def test_a_document_numbered_1_2_3_without_roman_parts_has_those_sections() -> None:
    sections = parse_sections(QUY_CHE)

    assert [(s.id, s.parent, s.level, s.title) for s in sections] == [
        ("preamble", None, 1, "Phần mở đầu"),
        ("1", None, 1, "Phạm vi điều chỉnh"),
        ("2", None, 1, "Nhiệm vụ của Tổ"),
        ("2.a", "2", 2, "Hướng dẫn người dân cài đặt ứng dụng VNeID"),
        ("2.b", "2", 2, "Hỗ trợ thanh toán không dùng tiền mặt"),
        ("3", None, 1, "Kinh phí"),
    ]
    assert sections[-1].text == "Kinh phí hoạt động của Tổ do ngân sách xã bảo đảm."


def test_numbers_under_a_roman_part_stay_its_items() -> None:
    sections = parse_sections(f"I. Mục tiêu\n{QUY_CHE.split(chr(10), 2)[2]}")

    assert [s.id for s in sections][:4] == ["I", "I.1", "I.2", "I.2.a"]


def test_a_section_id_typed_in_any_case_takes_the_form_ids_take() -> None:
    from knowledge.sections import typed_section_id

    assert [typed_section_id(t) for t in (" iv.1.D ", "iii", "Ii.2", "IV.2.Đ", "Điều 5")] == [
        "IV.1.d",
        "III",
        "II.2",
        "IV.2.đ",
        "Điều 5",
    ]
