"""`cdsbot invite create --role admin` for a unit other than the coordinating office's, and
the registration it leads to: allowed, but both say the admin role is province-wide."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import PEPPER, Cdsbot, chat, ok
from tests.cli.test_detached_officials import NAME, POSITION
from tests.cli.test_detached_officials import seeded_units as seeded_units
from tests.cli.test_detached_officials import units as units


def test_admin_invite_for_a_commune_warns_that_the_role_is_province_wide(
    units: Cdsbot,
) -> None:
    done = units("invite", "create", "--unit", "21034", "--role", "admin", env=PEPPER)

    assert done.returncode == 0
    assert done.stderr.strip() == (
        "cdsbot: cảnh báo: quyền quản trị áp dụng cho toàn tỉnh, không riêng Xã An Phú: "
        "người dùng mã xem được tiến độ báo cáo của mọi đơn vị (/tiendo) và gửi được thông "
        "báo tới tất cả các đơn vị (/thongbao); mã quản trị thường chỉ cấp cho "
        "Sở Khoa học và Công nghệ"
    )


@pytest.mark.parametrize(("unit", "role"), [("SKHCN", "admin"), ("21034", "member")])
def test_invite_without_province_wide_reach_prints_no_warning(
    units: Cdsbot, unit: str, role: str
) -> None:
    done = units("invite", "create", "--unit", unit, "--role", role, env=PEPPER)

    assert (done.returncode, done.stderr) == (0, "")


def test_admin_registration_says_the_role_is_province_wide(units: Cdsbot) -> None:
    created = json.loads(
        ok(units, "invite", "create", "--unit", "21034", "--role", "admin", "--json")
    )

    *_, done = chat(units, "boss", created["code"], "1", NAME, POSITION)

    assert "toàn tỉnh" in done


def test_admin_list_names_the_unit_with_its_code(units: Cdsbot) -> None:
    created = json.loads(
        ok(units, "invite", "create", "--unit", "21034", "--role", "admin", "--json")
    )
    chat(units, "boss", created["code"], "1", NAME, POSITION)

    listed = ok(units, "admin", "list")
    (row,) = json.loads(ok(units, "admin", "list", "--json"))

    assert (row["unit"], row["unit_name"]) == ("21034", "Xã An Phú")
    assert listed.splitlines() == [
        f"{row['official_id']}: {NAME}, Xã An Phú (21034) [console:boss]"
    ]
