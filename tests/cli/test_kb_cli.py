"""`cdsbot ask`, `eval` and `kb` as scripts call them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import make_engine, session_scope
from storage.faq import save_record
from tests.cli.conftest import ROOT, Cdsbot

DEV = ROOT / "knowledge" / "examples" / "dev.jsonl"


def test_ask_json_cites_section_first(cdsbot: Cdsbot) -> None:
    result = cdsbot("ask", "--json", "Khi nào phải thiết lập xong mạng lưới CĐS tỉnh?")

    payload = json.loads(result.stdout)
    assert payload["answered"] is True
    assert payload["sources"][0] == {
        "doc": "87/KH-UBND",
        "section": "IV.2.c",
        "score": payload["sources"][0]["score"],
    }
    assert "mục IV.2.c" in payload["answer"]


def test_ask_json_abstains_out_of_scope(cdsbot: Cdsbot) -> None:
    payload = json.loads(cdsbot("ask", "--json", "Công thức nấu phở bò").stdout)

    assert payload["answered"] is False


def test_ask_points_questions_on_records_to_the_chat(cdsbot: Cdsbot) -> None:
    # The chat answers these from deadlines and reports; the plan's text would mislead.
    payload = json.loads(cdsbot("ask", "--json", "bao cao gom nhung gi").stdout)
    plain = cdsbot("ask", "sắp tới có hạn gì").stdout

    assert payload["answered"] is False and payload["live"] == "report_contents"
    assert "cdsbot chat" in payload["answer"] and "cdsbot chat" in plain
    assert "mục" not in plain


OFFICE_QUESTION = "Ai ký hợp đồng thuê phần mềm quản lý văn bản cho xã?"
OFFICE_ANSWER = "Văn phòng UBND xã ký hợp đồng thuê phần mềm, kinh phí do tỉnh cấp."


async def _write_office_entries(url: str) -> None:
    """What the console's «Câu hỏi thường gặp» saves: one active entry, one switched off."""
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            for question, active in ((OFFICE_QUESTION, True), ("Ai trả tiền điện?", False)):
                await save_record(
                    session, record_id=None, question=question, answer=OFFICE_ANSWER,
                    sections=["IV.2.c"], active=active, now=datetime.now(UTC),
                )  # fmt: skip
    finally:
        await engine.dispose()


def test_ask_answers_from_the_office_entries_as_the_chat_does(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    cdsbot("db", "upgrade")
    asyncio.run(_write_office_entries(f"sqlite+aiosqlite:///{tmp_path / 'cdsbot.db'}"))

    asked = json.loads(
        cdsbot("ask", "--json", "ai ky hop dong thue phan mem quan ly van ban cho xa").stdout
    )
    plain = cdsbot("ask", OFFICE_QUESTION)
    switched_off = json.loads(cdsbot("ask", "--json", "Ai trả tiền điện?").stdout)
    chat = cdsbot("chat", "--as", "5", "--jsonl", stdin=OFFICE_QUESTION + "\n")

    assert (asked["answered"], asked["office"]) == (True, True)
    assert asked["answer"].startswith(OFFICE_ANSWER + "\n(Giải đáp của Sở Khoa học và Công nghệ")
    assert [s["section"] for s in asked["sources"]] == ["IV.2.c"]
    assert (plain.returncode, plain.stderr) == (0, "")
    assert plain.stdout.strip() == json.loads(chat.stdout)["replies"][0]["text"]
    assert switched_off["office"] is False and OFFICE_ANSWER not in switched_off["answer"]


def test_ask_where_there_is_no_database_answers_and_creates_none(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    result = cdsbot("ask", "--json", OFFICE_QUESTION, env={"DATABASE_URL": None}, cwd=elsewhere)

    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["office"] is False
    assert list(elsewhere.iterdir()) == []


def test_ask_on_an_unreachable_database_warns_and_answers_from_the_plan(
    cdsbot: Cdsbot,
) -> None:
    unreachable = {"DATABASE_URL": "postgresql+asyncpg://cdsbot@127.0.0.1:1/cdsbot"}

    result = cdsbot(
        "ask", "--json", "Khi nào phải thiết lập xong mạng lưới CĐS tỉnh?", env=unreachable
    )

    assert result.returncode == 0
    assert json.loads(result.stdout)["sources"][0]["section"] == "IV.2.c"
    assert result.stderr.splitlines() == [
        "cdsbot: cảnh báo: không kết nối được PostgreSQL tại 127.0.0.1:1 (DATABASE_URL): máy "
        "chủ không nhận kết nối (chưa chạy, hoặc sai cổng); câu trả lời chưa dùng các giải đáp "
        "văn phòng đã viết trong trang quản trị (/admin)"
    ]


def test_eval_json_meets_targets_on_dev_set(cdsbot: Cdsbot) -> None:
    metrics = json.loads(cdsbot("eval", str(DEV), "--json").stdout)

    assert metrics["n"] == 69
    assert metrics["top1"] >= 0.95 and metrics["top3"] == 1.0
    assert metrics["oos_abstain"] == 1.0 and metrics["false_abstain"] <= 0.03


def test_kb_add_then_answer_cites_new_document(cdsbot: Cdsbot, tmp_path: Path) -> None:
    doc = tmp_path / "qd.txt"
    doc.write_text(
        "QUYẾT ĐỊNH\nĐiều 1. Phạm vi\nQuy định về giờ tiếp công dân tại bộ phận một cửa.\n"
        "Điều 2. Thời gian tiếp công dân\n1. Bộ phận một cửa tiếp công dân vào sáng thứ Bảy.\n",
        encoding="utf-8",
    )
    env = {"KB_DIR": str(tmp_path / "kb")}

    added = cdsbot("kb", "add", str(doc), "--doc", "15/2024/QĐ-UBND", env=env)
    listed = json.loads(cdsbot("kb", "list", "--json", env=env).stdout)
    table = cdsbot("kb", "list", env={**env, "COLUMNS": "200"}).stdout
    answer = json.loads(
        cdsbot("ask", "--json", "bo phan mot cua tiep cong dan thu bay", env=env).stdout
    )

    assert added.returncode == 0
    assert added.stdout.splitlines()[-1] == (
        "trợ lý đang chạy chỉ dùng thay đổi này sau khi khởi động lại `cdsbot run` "
        "(`systemctl restart cdsbot` trên máy chủ); `cdsbot ask` dùng ngay"
    )
    assert [d["doc"] for d in listed] == ["87/KH-UBND", "15/2024/QĐ-UBND"]
    # «Có sẵn»: the plan comes with the assistant, the added document does not.
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in table.splitlines()]
    assert [row[-1] for row in rows if row] == ["có", "không (tài liệu bổ sung)"]
    assert answer["sources"][0]["doc"] == "15/2024/QĐ-UBND"
    # Cited the Vietnamese way; the id a question set expects stays the same.
    assert answer["sources"][0]["section"] == "Điều 2.1"
    assert answer["answer"].endswith("(15/2024/QĐ-UBND, khoản 1 Điều 2)")


def test_kb_unanswered_lists_most_frequent(cdsbot: Cdsbot) -> None:
    cdsbot("chat", "--as", "5", "--jsonl", stdin="giá vàng hôm nay\nGiá vàng hôm nay\nphở bò\n")

    rows = json.loads(cdsbot("kb", "unanswered", "--json").stdout)

    assert [(r["question"].lower(), r["count"]) for r in rows] == [
        ("giá vàng hôm nay", 2),
        ("phở bò", 1),
    ]


def test_kb_unanswered_cuts_a_long_question_in_the_table_only(cdsbot: Cdsbot) -> None:
    question = " ".join(f"Cho em hỏi về giá vàng lần {n} ở thành phố," for n in range(20))
    cdsbot("chat", "--as", "5", "--jsonl", stdin=question + "\n")

    table = cdsbot("kb", "unanswered", env={"COLUMNS": "300"}).stdout
    as_json = json.loads(cdsbot("kb", "unanswered", "--json").stdout)

    row = next(line for line in table.splitlines() if "giá vàng" in line)
    shown = row.split("│")[2].strip()
    assert shown.endswith("lần 4 ở…")  # cut between words
    assert len(shown) <= 200 and question.startswith(shown.removesuffix("…"))
    assert as_json[0]["question"] == question


def test_kb_unanswered_and_database_hold_no_code_after_codes_in_chat(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    long_question = (
        "Cho em hỏi giá vàng và giá xăng hôm nay ở thành phố, anh chị giải thích kỹ giúp em vì "
        "em cần cho cuộc họp chiều nay; mã mời em nhận được là cds-7k2qf-9xm4d, nếu cần kiểm "
        "tra lại thì anh chị cứ gọi em, em cảm ơn anh chị rất nhiều ạ."
    )
    lines = ["Mã mời của tôi là CDS-7K2QF-9XM4D.", "mã: cds 7k2qf 9xm4d", long_question]

    chat = cdsbot(
        "chat", "--as", "5", "--jsonl", stdin="\n".join(lines) + "\n", env={"LOG_LEVEL": "DEBUG"}
    )
    listed = cdsbot("kb", "unanswered")
    as_json = json.loads(cdsbot("kb", "unanswered", "--json").stdout)
    stored = _database_text(tmp_path / "cdsbot.db")

    assert len(as_json) == 1
    for output in (chat.stdout, chat.stderr, listed.stdout, json.dumps(as_json), stored):
        assert "7K2QF" not in output.upper()


def _database_text(path: Path) -> str:
    """Every value of every table of a SQLite file, as one text."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return "\n".join(
            repr(row)
            for table in tables
            for row in connection.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (own names)
        )


def test_ask_says_no_more_hint_without_a_button(cdsbot: Cdsbot) -> None:
    # The answer is cut to a phone screen; the terminal has no «Xem đầy đủ» button to press.
    result = cdsbot("ask", "thành viên mạng lưới chuyển đổi số của tỉnh gồm những ai?")

    assert result.returncode == 0
    assert "Kế hoạch 87/KH-UBND, mục III.5.b" in result.stdout
    assert "Xem đầy đủ" not in result.stdout


SHAPE = 'mỗi dòng là một đối tượng JSON {"q": "câu hỏi", "expect": ["mã mục", ...]}'


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not json\n", f"dòng 1: không phải JSON; {SHAPE}"),
        (b'{"q": "a", "expect": []}\n\n{"x": 1}\n', f'dòng 3: thiếu câu hỏi "q"; {SHAPE}'),
        (
            b'{"q": "a", "expect": "IV.1"}\n',
            f'dòng 1: "expect" phải là danh sách mã mục ([] khi trợ lý phải từ chối); {SHAPE}',
        ),
        (b'{"q": "a", "expect": []}\n\xff\xfe\n', "dòng 2: không phải văn bản UTF-8"),
        (b"\n\n", f"không có câu hỏi nào; {SHAPE}"),
        (
            b'{"q": "a", "expect": ["IV.1.d"]}\n{"q": "b", "expect": ["III.5.z", "IV.9"]}\n',
            "dòng 2: các tài liệu không có mục «III.5.z», «IV.9»; ghi đúng mã mục, ví dụ IV.1.d",
        ),
    ],
)
def test_eval_names_the_bad_line_in_vietnamese(
    cdsbot: Cdsbot, tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / "bad.jsonl").write_bytes(content)

    result = cdsbot("eval", "bad.jsonl")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"cdsbot: bad.jsonl: {reason}"]


def test_ask_lists_the_closest_sections_without_repeating_a_part_name(cdsbot: Cdsbot) -> None:
    question = (
        "Sau khi hợp nhất tỉnh Quảng Ngãi và Kon Tum, các xã phía Kon Tum cũ có phải thực "
        "hiện Kế hoạch 87 này không?"
    )
    lines = cdsbot("ask", question).stdout.splitlines()

    listed = [line for line in lines if line.startswith("• ")]
    assert len(listed) == 3  # no buttons here: the text lists them
    assert "• Phần mở đầu" in listed
    assert not any("phần mở đầu: Phần mở đầu" in line for line in lines)


def test_a_damaged_added_document_is_one_warning_not_a_traceback(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "x.txt").write_text("Điều 1. A", encoding="utf-8")
    (kb / "x.json").write_text("{hỏng", encoding="utf-8")

    listed = cdsbot("kb", "list", "--json", env={"KB_DIR": str(kb)})

    assert listed.returncode == 0
    assert [d["doc"] for d in json.loads(listed.stdout)] == ["87/KH-UBND"]
    assert listed.stderr.splitlines() == [
        "cdsbot: cảnh báo: bỏ qua tài liệu bổ sung x.json trong KB_DIR: tệp mô tả không đọc "
        "được (cần JSON hợp lệ, mã UTF-8); trợ lý trả lời không có tài liệu này (thêm lại "
        "bằng «cdsbot kb add», hoặc xóa tệp)"
    ]


def test_kb_add_again_says_replaced_and_an_unusable_kb_dir_is_one_line(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    doc = tmp_path / "qc.txt"
    doc.write_text("Điều 1. Phạm vi\nÁp dụng cho xã.", encoding="utf-8")
    kb = {"KB_DIR": str(tmp_path / "kb")}
    cdsbot("kb", "add", str(doc), "--doc", "QC-01", env=kb)
    not_a_folder = tmp_path / "kb-file"
    not_a_folder.write_text("", encoding="utf-8")

    again = cdsbot("kb", "add", str(doc), "--doc", "QC-01", env=kb)
    unusable = cdsbot("kb", "add", str(doc), "--doc", "QC-02", env={"KB_DIR": str(not_a_folder)})

    assert again.stdout.splitlines()[0] == "đã thay QC-01: 1 mục"
    assert unusable.returncode == 1
    assert unusable.stderr.splitlines() == [
        f"cdsbot: không ghi được tài liệu vào KB_DIR={not_a_folder}: đã có một tệp cùng tên ở "
        "chỗ cần một thư mục"
    ]


def test_a_kb_dir_that_is_no_folder_is_one_warning_and_the_plan_alone(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    (tmp_path / "kb-file").write_text("", encoding="utf-8")

    missing = cdsbot("kb", "list", "--json", env={"KB_DIR": "khong-co"})
    a_file = cdsbot("ask", "mạng lưới cđs gồm ai", env={"KB_DIR": str(tmp_path / "kb-file")})
    default = cdsbot("kb", "list", env={"KB_DIR": None})

    assert (missing.returncode, a_file.returncode, default.returncode) == (0, 0, 0)
    assert [d["doc"] for d in json.loads(missing.stdout)] == ["87/KH-UBND"]
    assert missing.stderr.splitlines() == [
        "cdsbot: cảnh báo: không nạp được tài liệu bổ sung nào từ KB_DIR=khong-co: thư mục "
        f"{tmp_path}/khong-co không tồn tại"
    ]
    assert a_file.stderr.splitlines() == [
        f"cdsbot: cảnh báo: không nạp được tài liệu bổ sung nào từ KB_DIR={tmp_path}/kb-file: "
        f"{tmp_path}/kb-file là một tệp, không phải thư mục"
    ]
    assert "mục I.1.c" in a_file.stdout  # the plan still answers
    # No document added yet: the default ./data/kb is not there, and that is no problem.
    assert default.stderr == ""
