"""`cdsbot units seed` seeds today's bodies and retires merged ones without losing anything."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.cli.conftest import Cdsbot


def _departments(cdsbot: Cdsbot) -> dict[str, str]:
    listed = json.loads(cdsbot("units", "list", "--json").stdout)
    return {unit["code"]: unit["name"] for unit in listed if unit["kind"] == "department"}


def test_fresh_seed_has_todays_departments(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    seeded = cdsbot("units", "seed")

    assert seeded.stdout.splitlines() == ["đơn vị: đã thêm 103"]
    assert _departments(cdsbot) == {
        "SKHCN": "Sở Khoa học và Công nghệ",
        "TTCNTT": "Trung tâm Công nghệ thông tin và Truyền thông",
        "VPUBND": "Văn phòng Ủy ban nhân dân tỉnh",
        "CAT": "Công an tỉnh",
        "SNV": "Sở Nội vụ",
        "STC": "Sở Tài chính",
        "HHDN": "Hiệp hội Doanh nghiệp tỉnh",
    }
    listed = json.loads(cdsbot("units", "list", "--json").stdout)
    # The library's spelling (vietnam-provinces 2025.10.1), kept as it is.
    assert {"code": "23302", "name": "Phường Đăk BLa", "kind": "ward"} in listed


def test_existing_deployment_keeps_a_merged_department_and_its_report(
    cdsbot: Cdsbot, tmp_path: Path
) -> None:
    cdsbot("db", "upgrade")
    with closing(sqlite3.connect(tmp_path / "cdsbot.db")) as db, db:
        # What an earlier seed wrote, with an official and a report of the unit.
        for code, name in (
            ("STTTT", "Sở Thông tin và Truyền thông"),
            ("SKHDT", "Sở Kế hoạch và Đầu tư"),
        ):
            db.execute(
                "INSERT INTO unit (code, name, kind, active) VALUES (?, ?, 'department', 1)",
                (code, name),
            )
        db.execute(
            "INSERT INTO official (unit_id, full_name, position, role, created_at, "
            "consent_notice) VALUES (1, 'Trần An', 'Chuyên viên', 'member', "
            "'2025-01-02 00:00:00', '')"
        )
        db.execute(
            "INSERT INTO survey_response (survey_id, period, unit_id, status, version, "
            "created_at, updated_at, review, review_comment) VALUES ('bao-cao-quy', '2024-Q4', "
            "1, 'submitted', 1, '2025-01-02 00:00:00', '2025-01-02 00:00:00', '', '')"
        )

    first = cdsbot("units", "seed")
    again = cdsbot("units", "seed")

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "đơn vị: đã thêm 103",
        "đơn vị STTTT (Sở Thông tin và Truyền thông) đã hợp nhất vào Sở Khoa học và Công nghệ "
        "từ 01/3/2025: đã ẩn khỏi danh sách đơn vị, đối tượng nhận tin và nhắc việc; báo cáo và "
        "lịch sử của đơn vị vẫn giữ nguyên; 1 cán bộ đã đăng ký cho STTTT cần mã mời mới của "
        "SKHCN (`cdsbot admin unbind TÀI_KHOẢN`, rồi `cdsbot invite create --unit SKHCN`)",
        "đơn vị SKHDT (Sở Kế hoạch và Đầu tư) đã hợp nhất vào Sở Tài chính từ 01/3/2025: đã ẩn "
        "khỏi danh sách đơn vị, đối tượng nhận tin và nhắc việc; báo cáo và lịch sử của đơn vị "
        "vẫn giữ nguyên",
    ]
    assert again.stdout.splitlines() == ["đơn vị: đã thêm 0"]
    assert "STTTT" not in _departments(cdsbot)
    assert "SKHCN" in _departments(cdsbot)
    refused = cdsbot("invite", "create", "--unit", "STTTT")
    assert (refused.returncode, refused.stderr.splitlines()[-1]) == (
        2,
        "cdsbot: không có đơn vị mã «STTTT»; xem `cdsbot units list`",
    )
    with closing(sqlite3.connect(tmp_path / "cdsbot.db")) as db:
        assert db.execute("SELECT code, active FROM unit WHERE id IN (1, 2)").fetchall() == [
            ("STTTT", 0),
            ("SKHDT", 0),
        ]
        assert db.execute("SELECT unit_id, status FROM survey_response").fetchall() == [
            (1, "submitted")
        ]
        assert db.execute("SELECT unit_id FROM official").fetchall() == [(1,)]


WARDS = [
    "Phường Cẩm Thành", "Phường Đăk BLa", "Phường Đăk Cấm", "Phường Đức Phổ", "Phường Kon Tum",
    "Phường Nghĩa Lộ", "Phường Sa Huỳnh", "Phường Trà Câu", "Phường Trương Quang Trọng",
]  # fmt: skip
DEPARTMENTS = [
    "Công an tỉnh", "Hiệp hội Doanh nghiệp tỉnh", "Sở Khoa học và Công nghệ", "Sở Nội vụ",
    "Sở Tài chính", "Trung tâm Công nghệ thông tin và Truyền thông",
    "Văn phòng Ủy ban nhân dân tỉnh",
]  # fmt: skip


def test_units_list_is_by_kind_then_in_vietnamese_order(cdsbot: Cdsbot) -> None:
    cdsbot("db", "upgrade")
    cdsbot("units", "seed")

    listed = json.loads(cdsbot("units", "list", "--json").stdout)
    table = cdsbot("units", "list").stdout

    kinds = [unit["kind"] for unit in listed]
    names = [unit["name"] for unit in listed]
    assert kinds == ["commune"] * 86 + ["ward"] * 9 + ["special_zone"] + ["department"] * 7
    assert names[86:] == [*WARDS, "Đặc khu Lý Sơn", *DEPARTMENTS]
    communes = names[:86]
    for before, after in [("Xã Ba Động", "Xã Ba Xa"), ("Xã Lân Phong", "Xã Long Phụng"),
                          ("Xã Măng Bút", "Xã Mô Rai"), ("Xã Ba Tô", "Xã Ba Tơ"),
                          ("Xã Ba Vì", "Xã Ba Vinh")]:  # fmt: skip
        assert communes.index(before) < communes.index(after)
    initials = [name.removeprefix("Xã ")[0] for name in communes]
    assert initials == sorted(initials, key="ABCDĐEGHIKLMNOPQRSTUVXY".index)
    assert table.index("Xã Ba Động") < table.index("Xã Ba Xa") < table.index("Phường Cẩm Thành")
