"""An operator serving one official's personal data through the real CLI (Law 91/2025/QH15):
finding the official's id (`cdsbot units officials`), exporting everything kept (also the
former names the audit log keeps from a correction), and an erasure that names whose data it
is before it cannot be undone. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import Cdsbot, chat, ok

OLD, NEW, POSITION = "Nguyễn Văn Bình", "Nguyễn Văn Bính", "Công chức Văn phòng - Thống kê"


def _register(cdsbot: Cdsbot, user: str, unit: str, name: str) -> None:
    created = json.loads(ok(cdsbot, "invite", "create", "--unit", unit, "--json"))
    replies = chat(cdsbot, user, created["code"], "1", name, POSITION)
    assert replies[-1].startswith(f"Đã xác nhận: {name}, {POSITION}")


def _rename(cdsbot: Cdsbot, user: str) -> list[str]:
    """`/toi` → «Sửa họ tên» → the new name, then `/toi` again; the replies."""
    return chat(cdsbot, user, "/toi", "me:name", NEW, "/toi")


def test_units_officials_lists_every_official_with_the_id_personal_data_takes(
    any_database: Cdsbot,
) -> None:
    _register(any_database, "walk4a", "21034", OLD)
    _register(any_database, "walk4b", "21034", "Lê Văn Cường")

    listed = any_database("units", "officials", "21034")
    rows = json.loads(ok(any_database, "units", "officials", "21034", "--json"))
    by_name = {row["name"]: row for row in rows}
    cuong = by_name["Lê Văn Cường"]
    exported = json.loads(
        ok(any_database, "personal-data", "export", f"official:{cuong['official_id']}")
    )

    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [  # by given name: Bình before Cường
        f"official:{by_name[OLD]['official_id']}: {OLD}, {POSITION} (cán bộ) [console:walk4a]",
        f"official:{cuong['official_id']}: Lê Văn Cường, {POSITION} (cán bộ) [console:walk4b]",
    ]
    assert cuong["identities"] == ["console:walk4b"]
    assert exported["official"]["full_name"] == "Lê Văn Cường"


def test_units_officials_of_an_unknown_or_empty_unit(any_database: Cdsbot) -> None:
    unknown = any_database("units", "officials", "99999")
    empty = any_database("units", "officials", "21034")

    assert (unknown.returncode, unknown.stderr) == (
        2,
        "cdsbot: không có đơn vị mã «99999»; xem `cdsbot units list`\n",
    )
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout == "Xã An Phú (21034) chưa có cán bộ nào đăng ký\n"


def _corrections(exported: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in exported["audit_log"] if e["action"] == "official.profile"]


def test_export_and_toi_show_the_former_name_kept_in_the_audit_log(
    any_database: Cdsbot,
) -> None:
    _register(any_database, "walk4a", "21034", OLD)

    replies = _rename(any_database, "walk4a")
    exported = json.loads(ok(any_database, "personal-data", "export", "console:walk4a"))
    by_id = json.loads(
        ok(
            any_database,
            "personal-data",
            "export",
            f"official:{exported['official']['official_id']}",
        )
    )

    toi = replies[-1]
    assert f"• Họ và tên: {NEW}" in toi
    assert "• Thông tin cũ lưu trong nhật ký khi bạn sửa:" in toi
    assert f"  – Họ và tên trước khi sửa: {OLD} (sửa lúc " in toi
    assert "• Nhật ký thao tác (đăng ký, trả lời và gửi báo cáo, sửa thông tin): 2 mục" in toi
    assert "  – Dòng lệnh: walk4a, từ " in toi  # the whole id, so no «…»
    assert "walk4a…" not in toi
    for data in (exported, by_id):
        [correction] = _corrections(data)
        assert correction["detail"] == {"field": "full_name", "old": OLD, "new": NEW}
        assert correction["by_their_account"] is True
        assert [e["action"] for e in data["audit_log"]] == ["official.bound", "official.profile"]


def test_erase_names_whose_data_before_asking_and_removes_the_former_name(
    any_database: Cdsbot,
) -> None:
    _register(any_database, "walk4c", "21034", OLD)
    _rename(any_database, "walk4c")

    refused = any_database("personal-data", "erase", "console:walk4c", stdin="không\n")
    official_id = json.loads(ok(any_database, "units", "officials", "21034", "--json"))[0][
        "official_id"
    ]
    refused_by_id = any_database(
        "personal-data", "erase", f"official:{official_id}", stdin="không\n"
    )
    erased = any_database("personal-data", "erase", "console:walk4c", stdin="có\n")
    after = json.loads(ok(any_database, "personal-data", "export", f"official:{official_id}"))

    assert refused.returncode == 1
    assert refused.stdout == (
        f"Xoá dữ liệu của {NEW} (Xã An Phú), tài khoản console:walk4c? Không thể hoàn tác. "
        "(có/không): "
    )
    assert refused.stderr == "cdsbot: chưa xoá gì\n"
    assert refused_by_id.stdout.startswith(
        f"Xoá dữ liệu của {NEW} (Xã An Phú), hồ sơ cán bộ official:{official_id}? "
    )
    assert erased.returncode == 0, erased.stderr
    # The question (not echoed, as stdin is no terminal), then what went.
    assert (
        f"(có/không): đã xoá: họ tên, chức vụ của cán bộ official:{official_id} (Xã An Phú); "
        in erased.stdout
    )
    assert OLD not in json.dumps(after, ensure_ascii=False)
    assert NEW not in json.dumps(after, ensure_ascii=False)
    assert _corrections(after)[0]["detail"] == {"erased": True}


def test_erase_of_an_account_nobody_knows_asks_nothing(any_database: Cdsbot) -> None:
    result = any_database("personal-data", "erase", "telegram:404", stdin="có\n")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "cdsbot: không có dữ liệu nào về tài khoản telegram:404\n"


def test_erase_of_an_unregistered_account_names_the_account(any_database: Cdsbot) -> None:
    chat(any_database, "khach", "xin chào")

    result = any_database("personal-data", "erase", "console:khach", stdin="không\n")

    assert result.stdout == (
        "Xoá dữ liệu của tài khoản console:khach? Không thể hoàn tác. (có/không): "
    )
