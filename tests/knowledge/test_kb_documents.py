"""Loading .txt and .docx documents and adding them to the knowledge base."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from knowledge import (
    PLAN_DOC,
    PLAN_NAME,
    DocumentError,
    KnowledgeBase,
    add_document,
    load_documents,
    remove_document,
)
from knowledge.documents import read_text


def _write_docx(path: Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))


def test_load_documents_without_extra_dir_is_the_plan() -> None:
    documents = load_documents(None)
    assert [(d.doc, d.title) for d in documents] == [(PLAN_DOC, PLAN_NAME)]


def test_read_text_from_docx(tmp_path: Path) -> None:
    path = tmp_path / "qd.docx"
    _write_docx(path, ["Điều 1. Phạm vi", "1. Áp dụng cho xã.", "a) Cấp xã;"])
    assert read_text(path) == "Điều 1. Phạm vi\n1. Áp dụng cho xã.\na) Cấp xã;"


def test_add_document_docx_then_answer_cites_it(tmp_path: Path, data_dir: Path) -> None:
    source = tmp_path / "nghi-dinh.docx"
    text = (data_dir / "nghi-dinh-mau.txt").read_text(encoding="utf-8")
    _write_docx(source, text.splitlines())
    extra = tmp_path / "kb"
    add_document(source, "12/2025/NĐ-CP", extra, title="Nghị định 12/2025/NĐ-CP")
    kb = KnowledgeBase.load(extra_dir=extra)
    answer = kb.answer("Nghị định 12 có hiệu lực từ ngày nào?")
    assert [d.doc for d in kb.documents()] == [PLAN_DOC, "12/2025/NĐ-CP"]
    assert answer.kind == "answer"
    assert answer.sources[0].doc == "12/2025/NĐ-CP"
    assert answer.sources[0].section == "Điều 6"
    assert answer.text.endswith("(Nghị định 12/2025/NĐ-CP, Điều 6)")


def test_add_document_when_type_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(DocumentError):
        add_document(path, "x", tmp_path / "kb")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.pdf", b"%PDF", "chỉ nhận tệp .txt hoặc .docx, không nhận tệp .pdf"),
        ("cp1258.txt", b"\xd0i\xeau 1. X\xe3", "tệp cp1258.txt không phải văn bản UTF-8"),
        ("hong.docx", b"not a zip", "tệp hong.docx không phải tệp Word .docx đọc được"),
        ("trong.txt", b"  \n", "tệp trong.txt không có chữ nào"),
    ],
)
def test_unusable_file_is_a_document_error_in_vietnamese(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(DocumentError) as caught:
        add_document(path, "1/QĐ", tmp_path / "kb")

    assert str(caught.value) == reason


def test_add_document_when_id_is_the_plan(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Điều 1. A", encoding="utf-8")
    with pytest.raises(DocumentError):
        add_document(path, PLAN_DOC, tmp_path / "kb")


def test_remove_document(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Điều 1. Phạm vi\nÁp dụng.", encoding="utf-8")
    add_document(path, "01/QĐ", tmp_path / "kb")
    assert remove_document("01/QĐ", tmp_path / "kb")
    assert [d.doc for d in load_documents(tmp_path / "kb")] == [PLAN_DOC]


def test_add_document_when_id_too_long_for_buttons(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Điều 1. A", encoding="utf-8")
    with pytest.raises(DocumentError):
        add_document(path, "Quyết định đặc biệt ư ơ", tmp_path / "kb")


def _skipped(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    return [
        (str(getattr(r, "file", "")), str(getattr(r, "reason", "")))
        for r in caplog.records
        if r.getMessage() == "kb.document_skipped"
    ]


def test_a_damaged_added_document_is_left_out_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extra = tmp_path / "kb"
    good = tmp_path / "a.txt"
    good.write_text("Điều 1. Phạm vi\nÁp dụng cho xã.", encoding="utf-8")
    add_document(good, "01/QĐ", extra)
    add_document(good, "02/QĐ", extra)
    add_document(good, "03/QĐ", extra)
    (extra / "01-Q.json").write_text("{bad", encoding="utf-8")  # edited by hand
    (extra / "02-Q.txt").write_bytes("Điều 1. Phạm vi".encode("utf-16"))  # not UTF-8
    (extra / "04.txt").write_text("Điều 1. A", encoding="utf-8")
    (extra / "04.json").write_text('{"doc": "03/QĐ", "title": "x"}', encoding="utf-8")

    with caplog.at_level("WARNING"):
        documents = load_documents(extra)

    assert [d.doc for d in documents] == [PLAN_DOC, "03/QĐ"]
    assert sorted(_skipped(caplog)) == [
        ("01-Q.json", "tệp mô tả không đọc được (cần JSON hợp lệ, mã UTF-8)"),
        ("02-Q.txt", "tệp 02-Q.txt không phải văn bản UTF-8"),
        ("04.txt", "số hiệu 03/QĐ đã có ở một tài liệu khác"),
    ]


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        ("[1, 2]", 'tệp mô tả không có số hiệu văn bản ("doc")'),
        ('{"title": "x"}', 'tệp mô tả không có số hiệu văn bản ("doc")'),
        ('{"doc": "87/KH-UBND"}', "không thể thay Kế hoạch có sẵn bằng tài liệu khác"),
        ('{"doc": "a:b"}', "số hiệu văn bản phải có từ 1 đến 24 ký tự, không có dấu ':'"),
    ],
)
def test_an_added_document_with_a_bad_id_is_left_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, meta: str, reason: str
) -> None:
    extra = tmp_path / "kb"
    extra.mkdir()
    (extra / "x.txt").write_text("Điều 1. A", encoding="utf-8")
    (extra / "x.json").write_text(meta, encoding="utf-8")

    with caplog.at_level("WARNING"):
        kb = KnowledgeBase.load(extra_dir=extra)

    assert [d.doc for d in kb.documents()] == [PLAN_DOC]
    assert _skipped(caplog) == [("x.json", reason)]


def test_an_id_kept_in_another_documents_files_is_refused(tmp_path: Path) -> None:
    extra = tmp_path / "kb"
    path = tmp_path / "a.txt"
    path.write_text("Điều 1. Phạm vi\nÁp dụng cho xã.", encoding="utf-8")
    add_document(path, "QC-01/2026", extra)

    with pytest.raises(DocumentError) as refused:
        add_document(path, "QC-01-2026", extra)
    add_document(path, "QC-01/2026", extra, title="Quy chế")  # the same id again: replaced

    assert str(refused.value) == (
        "số hiệu QC-01-2026 trùng tên tệp với tài liệu QC-01/2026 đã thêm; hãy ghi số hiệu "
        "khác, hoặc gỡ QC-01/2026 trước (cdsbot kb remove)"
    )
    assert [(d.doc, d.title) for d in load_documents(extra)][1:] == [("QC-01/2026", "Quy chế")]
    assert not remove_document("QC-01-2026", extra)  # its files hold QC-01/2026
    assert [d.doc for d in load_documents(extra)][1:] == ["QC-01/2026"]
    assert remove_document("QC-01/2026", extra)


def test_a_description_without_its_text_is_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extra = tmp_path / "kb"
    extra.mkdir()
    (extra / "x.json").write_text('{"doc": "X/1"}', encoding="utf-8")

    with caplog.at_level("WARNING"):
        documents = load_documents(extra)

    assert [d.doc for d in documents] == [PLAN_DOC]
    assert _skipped(caplog) == [("x.json", "thiếu tệp nội dung x.txt")]


def test_a_rule_numbered_1_2_3_is_answered_from_its_section(tmp_path: Path) -> None:
    path = tmp_path / "quy-che.txt"
    path.write_text(
        "QUY CHẾ HOẠT ĐỘNG TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG\n1. Phạm vi điều chỉnh\nQuy chế này quy "
        "định hoạt động của Tổ.\n2. Thành viên\nTổ gồm trưởng thôn, đoàn viên thanh niên.\n"
        "3. Kinh phí\nKinh phí hoạt động của Tổ do ngân sách xã bảo đảm.\n",
        encoding="utf-8",
    )
    added = add_document(path, "QC-01/2026", tmp_path / "kb", title="Quy chế Tổ CNSCĐ")

    answer = KnowledgeBase.load(extra_dir=tmp_path / "kb").answer(
        "kinh phí hoạt động của tổ do ai bảo đảm"
    )

    assert [s.id for s in added.sections] == ["preamble", "1", "2", "3"]
    assert (answer.sources[0].doc, answer.sources[0].section) == ("QC-01/2026", "3")
    assert answer.text.endswith("(Quy chế Tổ CNSCĐ, mục 3)")


def _decrees(tmp_path: Path, data_dir: Path, titles: list[str]) -> KnowledgeBase:
    """The plan and one copy of the sample decree per title, added in that order."""
    text = (data_dir / "nghi-dinh-mau.txt").read_text(encoding="utf-8")
    extra = tmp_path / "kb"
    for number, title in enumerate(titles, start=11):
        path = tmp_path / f"nd-{number}.txt"
        path.write_text(text.replace("12/2025", f"{number}/2025"), encoding="utf-8")
        add_document(path, f"{number}/2025/NĐ-CP", extra, title=title)
    return KnowledgeBase.load(extra_dir=extra)


REFUSED = "Công thức nấu phở bò"


@pytest.mark.parametrize(
    ("titles", "named"),
    [
        ([], "Kế hoạch 87/KH-UBND"),
        (["Nghị định 11/2025/NĐ-CP"], "Kế hoạch 87/KH-UBND và Nghị định 11/2025/NĐ-CP"),
        (
            ["Nghị định 11/2025/NĐ-CP", "Nghị định 12/2025/NĐ-CP"],
            "Kế hoạch 87/KH-UBND, Nghị định 11/2025/NĐ-CP và Nghị định 12/2025/NĐ-CP",
        ),
        (
            [f"Nghị định {n}/2025/NĐ-CP" for n in range(11, 16)],
            "Kế hoạch 87/KH-UBND, Nghị định 11/2025/NĐ-CP, Nghị định 12/2025/NĐ-CP "
            "và 3 tài liệu khác",
        ),
    ],
)
def test_refusal_and_greeting_name_the_plan_and_at_most_two_added_documents(
    tmp_path: Path, data_dir: Path, titles: list[str], named: str
) -> None:
    kb = _decrees(tmp_path, data_dir, titles)

    refusal = kb.answer(REFUSED)
    greeting = kb.answer("xin chào")

    assert refusal.text.splitlines()[0] == (
        f"Xin lỗi, {named} không đề cập đến nội dung bạn hỏi, nên mình không trả lời được câu "
        "này để tránh nói sai."
    )
    assert greeting.text.startswith(f"Xin chào! Mình là Trợ lý CĐS, giúp tra cứu {named}. ")


def test_long_titles_are_counted_rather_than_listed(tmp_path: Path, data_dir: Path) -> None:
    # Titles written out in full: naming even two would fill a phone screen.
    titles = [
        f"Nghị định số {n}/2025/NĐ-CP của Chính phủ quy định về quản lý, vận hành nền tảng số "
        "dùng chung của cơ quan nhà nước"
        for n in range(11, 15)
    ]
    kb = _decrees(tmp_path, data_dir, titles)

    first = kb.answer(REFUSED).text.splitlines()[0]

    assert first.startswith("Xin lỗi, Kế hoạch 87/KH-UBND và 4 tài liệu bổ sung không đề cập")
    assert len(first) < 160


@pytest.mark.parametrize(
    ("question", "cited"),
    [
        ("Nghị định 12 có hiệu lực từ ngày nào?", "Điều 6"),
        ("Tổ chức, cá nhân tham gia phát triển nền tảng số", "khoản 2 Điều 2"),
        ("kinh phí vận hành nền tảng số từ nguồn vốn đầu tư công", "điểm b khoản 2 Điều 5"),
    ],
)
def test_a_decree_is_cited_by_clause_and_point_the_vietnamese_way(
    tmp_path: Path, data_dir: Path, question: str, cited: str
) -> None:
    extra = tmp_path / "kb"
    add_document(data_dir / "nghi-dinh-mau.txt", "12/2025/NĐ-CP", extra, title="Nghị định 12")
    kb = KnowledgeBase.load(extra_dir=extra)

    answer = kb.answer(question)
    plan = kb.answer("mạng lưới chuyển đổi số cấp xã gồm những ai")

    assert answer.text.splitlines()[-1] == f"(Nghị định 12, {cited})"
    assert "Điều 2.2" not in answer.text and "Điều 5.2" not in answer.text
    # The plan's own citations are unchanged.
    assert "(Kế hoạch 87/KH-UBND, mục III.5.b)" in plan.text.splitlines()


def test_a_refusal_suggests_a_decrees_clause_by_its_vietnamese_name(
    tmp_path: Path, data_dir: Path
) -> None:
    extra = tmp_path / "kb"
    add_document(data_dir / "nghi-dinh-mau.txt", "12/2025/NĐ-CP", extra, title="Nghị định 12")
    kb = KnowledgeBase.load(extra_dir=extra)

    refusal = kb.answer("giá vé xe buýt từ nguồn vốn đầu tư công")

    assert refusal.kind == "abstain"
    suggested = refusal.text.splitlines()[-refusal.listed :]
    assert "• điểm b khoản 2 Điều 5: Từ nguồn vốn đầu tư công" in suggested
