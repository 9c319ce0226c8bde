"""`cdsbot deadlines add` refuses a deadline that cannot work, and writes nothing; `outbox status`
speaks on an empty outbox."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta

import pytest

from tests.cli.conftest import PEPPER, Cdsbot

SURVEY_TITLE = "Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND"


@pytest.fixture
def seeded(cdsbot: Cdsbot) -> Cdsbot:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")
    return cdsbot


def _titles(cdsbot: Cdsbot) -> list[str]:
    return [row["title"] for row in json.loads(cdsbot("deadlines", "list", "--json").stdout)]


def test_unknown_section_survey_and_past_day_are_refused(seeded: Cdsbot) -> None:
    before = _titles(seeded)
    yesterday = date.today() - timedelta(days=2)

    result = seeded(
        "deadlines", "add", "--title", "Báo cáo riêng", "--due", yesterday.isoformat(),
        "--audience", "communes", "--section", "IX.9", "--survey", "none",
    )  # fmt: skip

    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    # The console's sentences, as the parts of one line (bot/cli/common.py `clauses`).
    assert line.startswith(f"cdsbot: chưa thêm hạn: ngày hạn {yesterday:%d/%m/%Y} đã qua")
    assert "một ngày sau; Kế hoạch 87/KH-UBND không có mục «IX.9»; ghi đúng số mục" in line
    assert line.endswith("; không có báo cáo «none»; các báo cáo hiện có: bao-cao-quy")
    assert _titles(seeded) == before


def test_a_sound_deadline_is_added(seeded: Cdsbot) -> None:
    due = date.today() + timedelta(days=20)

    result = seeded(
        "deadlines", "add", "--title", "Báo cáo riêng", "--due", due.isoformat(),
        "--audience", "21211", "--section", "IV.1.d",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Đã thêm hạn «Báo cáo riêng» (mã ")
    assert "Báo cáo riêng" in _titles(seeded)


def test_a_task_that_is_no_report_is_confirmed_by_its_title_and_listed_by_unit_names(
    seeded: Cdsbot,
) -> None:
    due = date.today() + timedelta(days=20)

    added = seeded(
        "deadlines", "add", "--title", "Nộp kế hoạch CĐS năm 2027", "--due", f"{due:%d/%m/%Y}",
        "--audience", "21211,21205",
    )  # fmt: skip
    listed = seeded("deadlines", "list")
    rows = json.loads(seeded("deadlines", "list", "--json").stdout)

    assert added.returncode == 0, added.stderr
    (line,) = added.stdout.splitlines()
    (row,) = [r for r in rows if r["title"] == "Nộp kế hoạch CĐS năm 2027"]
    assert line == f"Đã thêm hạn «Nộp kế hoạch CĐS năm 2027» (mã {row['id']})."
    assert "báo cáo" not in line
    assert row["audience"] == "21211,21205"
    names = row["audience_names"]
    assert len(names) == 2 and all(name.startswith(("Xã ", "Phường ")) for name in names)
    # The table wraps long cells; no code is shown, the units' names are.
    assert "21211" not in listed.stdout and "21205" not in listed.stdout
    assert all(name.split()[-1] in listed.stdout for name in names)


def _next_survey_due(seeded: Cdsbot, title: str) -> str:
    rows = json.loads(seeded("deadlines", "list", "--json").stdout)
    (row,) = [row for row in rows if row["title"] == title]
    return str(row["next_due_text"])


def test_due_with_survey_is_refused_naming_the_survey_day(seeded: Cdsbot) -> None:
    before = _titles(seeded)
    due = date.today() + timedelta(days=1)

    result = seeded(
        "deadlines", "add", "--title", "Cập nhật số liệu", "--due", f"{due:%d/%m/%Y}",
        "--audience", "xã", "--survey", "bao-cao-quy",
    )  # fmt: skip

    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        f"cdsbot: chưa thêm hạn: hạn gắn với mẫu báo cáo «{SURVEY_TITLE}» (--survey) có ngày "
        "hạn và kỳ lặp theo kỳ của mẫu báo cáo (kỳ tới: "
    )
    assert line.endswith("); hãy bỏ --due")
    assert _titles(seeded) == before


def test_survey_without_due_takes_the_survey_day_and_says_it(seeded: Cdsbot) -> None:
    result = seeded(
        "deadlines", "add", "--title", "Cập nhật số liệu", "--audience", "xã",
        "--survey", "bao-cao-quy",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    next_due = _next_survey_due(seeded, "Cập nhật số liệu")
    assert next_due.endswith(tuple("0123456789"))
    assert result.stdout.startswith("Đã thêm hạn «Cập nhật số liệu» (mã ")
    assert result.stdout.endswith(
        f"). Ngày hạn theo kỳ của mẫu báo cáo «{SURVEY_TITLE}», kỳ tới: {next_due[-10:]}.\n"
    )


def test_a_survey_linked_deadline_is_listed_with_the_surveys_repetition(seeded: Cdsbot) -> None:
    seeded(
        "deadlines", "add", "--title", "Cập nhật số liệu", "--audience", "xã",
        "--survey", "bao-cao-quy",
    )  # fmt: skip

    rows = json.loads(seeded("deadlines", "list", "--json").stdout)
    table = seeded("deadlines", "list", env={"COLUMNS": "200"}).stdout

    (row,) = [row for row in rows if row["title"] == "Cập nhật số liệu"]
    assert (row["every"], row["survey"]) == ("quarter", "bao-cao-quy")
    (line,) = [line for line in table.splitlines() if "Cập nhật số liệu" in line]
    assert "hằng quý" in line


def test_an_unknown_survey_without_due_is_refused_for_the_survey(seeded: Cdsbot) -> None:
    result = seeded(
        "deadlines", "add", "--title", "Việc riêng", "--audience", "xã", "--survey", "khong-co"
    )  # fmt: skip

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cdsbot: chưa thêm hạn: không có báo cáo «khong-co»; các báo cáo hiện có: bao-cao-quy"
    ]


def test_no_due_and_no_survey_is_refused(seeded: Cdsbot) -> None:
    result = seeded("deadlines", "add", "--title", "Việc riêng", "--audience", "xã")

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cdsbot: chưa thêm hạn: cần --due (ngày hạn), hoặc --survey để lấy ngày hạn theo kỳ "
        "của mẫu báo cáo"
    ]


def test_audience_in_vietnamese_and_day_first_dates_are_taken(seeded: Cdsbot) -> None:
    due = date.today() + timedelta(days=20)
    typed = {
        "Việc 1": "xã",
        "Việc 2": "Phường",
        "Việc 3": "dac khu",
        "Việc 4": "sở ngành",
        "Việc 5": "SO",
        "Việc 6": "tất cả",
        "Việc 7": "Tat ca",
        "Việc 8": "all",
    }

    day = f"{due:%d/%m/%Y}"
    results = [
        seeded("deadlines", "add", "--title", title, "--due", day, "--audience", audience)
        for title, audience in typed.items()
    ]

    assert [r.returncode for r in results] == [0] * len(typed), [r.stderr for r in results]
    rows = json.loads(seeded("deadlines", "list", "--json").stdout)
    stored = {row["title"]: (row["audience"], row["next_due"]) for row in rows}
    groups = ["communes"] * 3 + ["departments"] * 2 + ["all"] * 3
    assert [stored[title] for title in typed] == [(g, due.isoformat()) for g in groups]


def test_a_date_that_is_no_day_names_both_forms(seeded: Cdsbot) -> None:
    result = seeded(
        "deadlines", "add", "--title", "Báo cáo riêng", "--due", "31/02/2027",
        "--audience", "xã",
    )  # fmt: skip

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "cdsbot: chưa thêm hạn: ngày hạn phải là một ngày có thật, viết dạng ngày/tháng/năm "
        "hoặc năm-tháng-ngày, ví dụ 15/12/2026 hoặc 2026-12-15"
    ]


@pytest.mark.parametrize("typed", ["2026/12/15", "15-12-2026", "15.12.2026", "mai"])
def test_a_date_written_another_way_is_called_wrongly_written(seeded: Cdsbot, typed: str) -> None:
    result = seeded(
        "deadlines", "add", "--title", "Báo cáo riêng", "--due", typed, "--audience", "xã"
    )

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cdsbot: chưa thêm hạn: --due «{typed}» viết sai dạng; ghi ngày hạn dạng "
        "ngày/tháng/năm hoặc năm-tháng-ngày, ví dụ 15/12/2026 hoặc 2026-12-15"
    ]


FORMS = (
    "ghi một nhóm: xã (các xã, phường, đặc khu), sở (các sở, ban, ngành) hoặc tất cả; hoặc chỉ "
    "các mã đơn vị, cách nhau bởi dấu phẩy, ví dụ 21211,SKHCN"
)


@pytest.mark.parametrize(
    ("typed", "mixed"),
    [
        ("xã,SKHCN", "cả nhóm đơn vị («xã») lẫn mã đơn vị"),
        ("21211, communes", "cả nhóm đơn vị («communes») lẫn mã đơn vị"),
        ("xã, sở", "nhiều nhóm đơn vị («xã», «sở»)"),
    ],
)
def test_a_group_mixed_with_codes_is_refused_showing_the_forms(
    seeded: Cdsbot, typed: str, mixed: str
) -> None:
    before = _titles(seeded)
    due = date.today() + timedelta(days=20)

    result = seeded(
        "deadlines", "add", "--title", "Báo cáo riêng", "--due", due.isoformat(),
        "--audience", typed,
    )  # fmt: skip

    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cdsbot: chưa thêm hạn: không thể ghi {mixed} trong một --audience; {FORMS}"
    ]
    assert _titles(seeded) == before


def test_outbox_status_on_an_empty_outbox_says_nothing_is_queued(seeded: Cdsbot) -> None:
    table = seeded("outbox", "status")
    as_json = seeded("outbox", "status", "--json")

    assert (table.returncode, table.stdout) == (0, "Chưa có tin nào được xếp vào hàng gửi.\n")
    assert (as_json.returncode, as_json.stdout) == (0, "[]\n")


def test_a_section_and_unit_codes_typed_in_lower_case_are_taken(seeded: Cdsbot) -> None:
    due = date.today() + timedelta(days=20)

    added = seeded(
        "deadlines", "add", "--title", "Việc của hai sở", "--due", f"{due:%d/%m/%Y}",
        "--audience", "skhcn, cat", "--section", "iv.1.d",
    )  # fmt: skip
    invite = seeded("invite", "create", "--unit", "skhcn", env=PEPPER)

    assert added.returncode == 0, added.stderr
    rows = json.loads(seeded("deadlines", "list", "--json").stdout)
    (row,) = [row for row in rows if row["title"] == "Việc của hai sở"]
    assert row["section"] == "IV.1.d"
    assert row["audience_names"] == ["Sở Khoa học và Công nghệ", "Công an tỉnh"]
    assert invite.returncode == 0, invite.stderr
    assert "Sở Khoa học và Công nghệ (SKHCN)" in invite.stdout


def _added_id(result: subprocess.CompletedProcess[str]) -> int:
    """The id in «Đã thêm hạn «…» (mã N).»."""
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split("(mã ", 1)[1].split(")", 1)[0])


def test_the_same_deadline_again_is_refused_naming_the_one_there(seeded: Cdsbot) -> None:
    due = date.today() + timedelta(days=20)
    first = seeded(
        "deadlines", "add", "--title", "Nộp kế hoạch", "--due", f"{due:%d/%m/%Y}",
        "--audience", "21211,SKHCN",
    )  # fmt: skip
    # The same day typed the other way, the same units in another order and case.
    again = seeded(
        "deadlines", "add", "--title", "Nộp  kế hoạch", "--due", due.isoformat(),
        "--audience", "skhcn, 21211",
    )  # fmt: skip
    other_units = seeded(
        "deadlines", "add", "--title", "Nộp kế hoạch", "--due", due.isoformat(),
        "--audience", "xã",
    )  # fmt: skip

    assert again.returncode == 2
    assert again.stderr.splitlines() == [
        f"cdsbot: chưa thêm hạn: đã có hạn «Nộp kế hoạch» (mã {_added_id(first)}) cùng ngày "
        f"hạn {due:%d/%m/%Y} và cùng đối tượng; xem `cdsbot deadlines list`"
    ]
    assert other_units.returncode == 0, other_units.stderr
    assert _titles(seeded).count("Nộp kế hoạch") == 2


def test_a_survey_linked_deadline_again_is_refused_for_its_survey(seeded: Cdsbot) -> None:
    added = ("deadlines", "add", "--title", "Cập nhật số liệu", "--audience", "xã")
    first = seeded(*added, "--survey", "bao-cao-quy")

    again = seeded(*added, "--survey", "bao-cao-quy")

    assert again.returncode == 2
    assert again.stderr.splitlines() == [
        f"cdsbot: chưa thêm hạn: đã có hạn «Cập nhật số liệu» (mã {_added_id(first)}) gắn với "
        f"cùng mẫu báo cáo «{SURVEY_TITLE}» và cùng đối tượng; xem `cdsbot deadlines list`"
    ]


def test_remove_asks_names_what_it_removed_and_refuses_an_unknown_id(seeded: Cdsbot) -> None:
    due = date.today() + timedelta(days=20)
    added = seeded(
        "deadlines", "add", "--title", "Nộp kế hoạch", "--due", due.isoformat(), "--audience", "xã"
    )  # fmt: skip
    number = _added_id(added)

    declined = seeded("deadlines", "remove", str(number), stdin="không\n")
    kept = _titles(seeded)
    removed = seeded("deadlines", "remove", str(number), stdin="có\n")
    again = seeded("deadlines", "remove", str(number), "--yes")
    unknown = seeded("deadlines", "remove", "9999", "--yes")

    question = f"Gỡ hạn «Nộp kế hoạch» (mã {number})? Sẽ không nhắc việc này nữa. (có/không): "
    assert (declined.returncode, declined.stdout) == (1, question)
    assert declined.stderr.splitlines() == ["cdsbot: chưa gỡ hạn nào"]
    assert "Nộp kế hoạch" in kept
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout == (
        f"{question}Đã gỡ hạn «Nộp kế hoạch» (mã {number}); sẽ không nhắc việc này nữa (các "
        "tin nhắc đã xếp vào hàng gửi vẫn được gửi).\n"
    )
    assert "Nộp kế hoạch" not in _titles(seeded)
    assert (again.returncode, again.stdout) == (
        0,
        f"Hạn «Nộp kế hoạch» (mã {number}) đã được gỡ từ trước.\n",
    )
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines() == [
        "cdsbot: không có hạn mã 9999; xem `cdsbot deadlines list`"
    ]


def test_deadlines_are_listed_by_the_due_day_shown_then_id(seeded: Cdsbot) -> None:
    today = date.today()
    for title, days in (("Việc xa", 60), ("Việc gần", 10), ("Việc giữa", 30), ("Việc gần 2", 10)):
        due = today + timedelta(days=days)
        seeded("deadlines", "add", "--title", title, "--due", due.isoformat(), "--audience", "xã")

    rows = json.loads(seeded("deadlines", "list", "--json").stdout)
    table = seeded("deadlines", "list", env={"COLUMNS": "200"}).stdout

    # A plan deadline that has passed comes first, by its own day (it shows «đã qua»).
    passed = [row["id"] for row in rows if row["next_due"] is None]
    assert [row["id"] for row in rows][: len(passed)] == passed
    upcoming = [(row["next_due"], row["id"]) for row in rows if row["next_due"] is not None]
    assert upcoming == sorted(upcoming)
    mine = [row["title"] for row in rows if row["title"].startswith("Việc ")]
    assert mine == ["Việc gần", "Việc gần 2", "Việc giữa", "Việc xa"]
    shown = [line.split("│")[2].strip() for line in table.splitlines() if "│ Việc " in line]
    assert shown == mine
