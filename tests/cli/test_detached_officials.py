"""Officials whose chat accounts were taken away (`cdsbot admin unbind`): no admin role left,
told so in chat, and still findable to export or erase their personal data (Law 91/2025/QH15)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from handlers import texts
from tests.cli.conftest import PEPPER, ROOT, Cdsbot, chat, ok

NAME, POSITION = "Trần Thị Bình", "Chủ tịch UBND xã"


def _register(cdsbot: Cdsbot, user: str, unit: str, *, role: str = "member") -> None:
    created = json.loads(ok(cdsbot, "invite", "create", "--unit", unit, "--role", role, "--json"))
    replies = chat(cdsbot, user, created["code"], "1", NAME, POSITION)
    assert replies[-1].startswith(f"Đã xác nhận: {NAME}, {POSITION}")


@pytest.fixture(scope="module")
def seeded_units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated and seeded with the province's units by the real CLI, once."""
    folder = tmp_path_factory.mktemp("units")
    url = {"DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'cdsbot.db'}"}
    for args in (("db", "upgrade"), ("units", "seed")):
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env={**os.environ, "PYTHONPATH": str(ROOT), **url},
            cwd=folder, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    return folder / "cdsbot.db"


@pytest.fixture
def units(cdsbot: Cdsbot, seeded_units: Path, tmp_path: Path) -> Cdsbot:
    """`cdsbot` on a copy of the seeded database."""
    shutil.copy(seeded_units, tmp_path / "cdsbot.db")
    return cdsbot


@pytest.fixture
def unbound(units: Cdsbot) -> int:
    """Trần Thị Bình registered as an admin of Xã An Phú, then `admin unbind console:boss`;
    returns her official id as `admin list` printed it before."""
    _register(units, "boss", "21034", role="admin")
    [admin] = json.loads(ok(units, "admin", "list", "--json"))
    ok(units, "admin", "unbind", "console:boss")
    return int(admin["official_id"])


def _export(cdsbot: Cdsbot, ref: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cdsbot, "personal-data", "export", ref))
    return data


def test_unbind_of_last_account_drops_admin_role(units: Cdsbot, unbound: int) -> None:
    listed = json.loads(ok(units, "admin", "list", "--json"))

    assert listed == []


def test_export_by_former_account_finds_detached_official(units: Cdsbot, unbound: int) -> None:
    data = _export(units, "console:boss")

    assert data["official"] is None
    former = data["former_official"]
    assert (former["official_id"], former["full_name"], former["position"]) == (
        unbound,
        NAME,
        POSITION,
    )
    assert former["unit"] == {"code": "21034", "name": "Xã An Phú"}


def test_export_by_official_id_finds_detached_official(units: Cdsbot, unbound: int) -> None:
    data = _export(units, f"official:{unbound}")

    assert (data["official"]["full_name"], data["official"]["role"]) == (NAME, "member")
    assert [a["external_id"] for a in data["accounts"]] == ["boss"]


def test_erase_by_official_id_empties_name_and_says_what_was_kept(
    units: Cdsbot, unbound: int
) -> None:
    erased = ok(units, "personal-data", "erase", f"official:{unbound}", "--yes")
    after = _export(units, f"official:{unbound}")

    assert erased.splitlines() == [
        f"đã xoá: họ tên, chức vụ của cán bộ official:{unbound} (Xã An Phú); 1 tài khoản, "
        "1 cuộc trò chuyện; bỏ 0 tin đang chờ gửi",
        "giữ lại: 0 báo cáo của đơn vị mà cán bộ này đã nhập hoặc sửa "
        f"(người cập nhật ghi là «{texts.FORMER_OFFICIAL}»)",
    ]
    assert (after["official"]["full_name"], after["official"]["position"]) == ("", "")
    assert "boss" not in [a["external_id"] for a in after["accounts"]]


def test_erase_by_former_account_reaches_detached_official(units: Cdsbot, unbound: int) -> None:
    ok(units, "personal-data", "erase", "console:boss", "--yes")

    after = _export(units, f"official:{unbound}")

    assert (after["official"]["full_name"], after["official"]["position"]) == ("", "")


def test_erase_of_unregistered_account_says_no_name_was_kept(units: Cdsbot) -> None:
    chat(units, "guest", "/start")

    erased = ok(units, "personal-data", "erase", "console:guest", "--yes")

    assert erased.splitlines() == [
        "đã xoá: 1 tài khoản, 1 cuộc trò chuyện; bỏ 0 tin đang chờ gửi",
        "giữ lại: không có họ tên, chức vụ nào (tài khoản chưa đăng ký với đơn vị nào)",
    ]


def test_unknown_official_id_is_refused(units: Cdsbot) -> None:
    done = units("personal-data", "export", "official:999", env=PEPPER)

    assert done.returncode == 1
    assert done.stderr.strip() == "cdsbot: không có dữ liệu nào về cán bộ official:999"


def test_detached_official_is_told_deactivated_on_toi_and_baocao(
    units: Cdsbot, unbound: int
) -> None:
    toi, baocao = chat(units, "boss", "/toi", "/baocao")

    said = texts.ACCOUNT_DEACTIVATED.format(office="Sở Khoa học và Công nghệ", unit="Xã An Phú")
    assert baocao == said
    assert toi.startswith(said)
    assert "Bạn chưa đăng ký" not in toi
    assert f"• Họ và tên: {NAME}" in toi


def test_registered_again_elsewhere_sees_and_can_erase_former_record(
    units: Cdsbot, unbound: int
) -> None:
    created = json.loads(ok(units, "invite", "create", "--unit", "21211", "--json"))
    chat(units, "boss", created["code"], "1", "Trần Thị Bình", "Công chức Tư pháp")

    toi, _, _ = chat(units, "boss", "/toi", "/xoathongtin", "pd:erase")
    after = _export(units, f"official:{unbound}")

    assert texts.WHOAMI_FORMER.format(name=NAME, position=POSITION, unit="Xã An Phú") in toi
    assert after["official"]["full_name"] == ""
