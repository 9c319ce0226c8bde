"""`cdsbot units ...`: the reporting units."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

from bot.cli.common import db_session, fail, run, settings_of
from bot.cli.localised import JSON_HELP, VietnameseTyper
from bot.cli.show import clean, echo, print_table
from bot.config import Settings
from handlers.dates import change_date
from handlers.texts import EXPORT_UNIT_KIND, ROLE_NAMES

if TYPE_CHECKING:
    from storage.units import RetiredUnit

app = VietnameseTyper(
    help="Đơn vị báo cáo (xã, phường, đặc khu và các cơ quan cấp tỉnh).", no_args_is_help=True
)


async def seed_units(settings: Settings) -> tuple[int, list[RetiredUnit]]:
    """Insert the province's units that are missing and retire bodies merged away; returns how
    many were added and the units retired now."""
    from storage import queries
    from storage.units import province_units, retire_units

    async with db_session(settings) as session:
        added = await queries.upsert_units(session, province_units())
        return added, await retire_units(session)


def unknown_unit(settings: Settings, code: str) -> typer.Exit:
    """One line for a unit code the database does not have; with no unit at all (a database
    just created), the command that loads them."""
    from storage import queries

    async def _none() -> bool:
        async with db_session(settings) as session:
            return not await queries.list_units(session)

    shown = clean(code, one_line=True)
    if run(_none):
        return fail(
            f"không có đơn vị mã «{shown}»: cơ sở dữ liệu chưa có đơn vị nào; "
            "hãy nạp danh sách đơn vị bằng `cdsbot units seed`"
        )
    return fail(f"không có đơn vị mã «{shown}»; xem `cdsbot units list`")


def retired_line(unit: RetiredUnit) -> str:
    """What the operator is told about a unit `seed` marked inactive."""
    since = f" từ {change_date(unit.since)}" if unit.since else ""
    line = (
        f"đơn vị {unit.code} ({unit.name}) đã hợp nhất vào {unit.into_name}{since}: "
        f"đã ẩn khỏi danh sách đơn vị, đối tượng nhận tin và nhắc việc; báo cáo và lịch sử "
        "của đơn vị vẫn giữ nguyên"
    )
    if unit.officials:
        line += (
            f"; {unit.officials} cán bộ đã đăng ký cho {unit.code} cần mã mời mới của "
            f"{unit.into_code} (`cdsbot admin unbind TÀI_KHOẢN`, rồi "
            f"`cdsbot invite create --unit {unit.into_code}`)"
        )
    return line


@app.command(
    "seed",
    help="Nạp các đơn vị hiện nay của tỉnh Quảng Ngãi và các cơ quan cấp tỉnh trong Kế hoạch, "
    "ẩn các sở đã hợp nhất (không xoá, giữ báo cáo); chạy lại không sao.",
)
def seed(ctx: typer.Context) -> None:
    """Load Quảng Ngãi's current units and the plan's provincial bodies (idempotent)."""
    settings = settings_of(ctx)
    added, retired = run(lambda: seed_units(settings))
    echo(f"đơn vị: đã thêm {added}")
    for unit in retired:
        echo(retired_line(unit))


@app.command("list", help="Liệt kê các đơn vị.")
def list_(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """List the units."""
    from storage import queries

    settings = settings_of(ctx)

    async def _list() -> list[dict[str, str]]:
        async with db_session(settings) as session:
            units = await queries.list_units(session)
            return [{"code": u.code, "name": u.name, "kind": u.kind} for u in units]

    rows = run(_list)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    print_table(
        ("Mã", "Tên", "Loại"),
        ((r["code"], r["name"], EXPORT_UNIT_KIND.get(r["kind"], r["kind"])) for r in rows),
    )


# An official with no chat account left: the console's words for them.
DEACTIVATED = "đã ngừng kích hoạt"
_UNIT_CODE = typer.Argument(..., metavar="MÃ_ĐƠN_VỊ", help="Mã đơn vị, ví dụ 21034.")


@app.command(
    "officials",
    help="Liệt kê cán bộ của một đơn vị với mã official:SỐ của từng người (dùng cho "
    "`cdsbot personal-data export|erase`) và các tài khoản chat của họ.",
)
def officials(
    ctx: typer.Context,
    code: str = _UNIT_CODE,
    as_json: bool = typer.Option(False, "--json", metavar="", help=JSON_HELP),
) -> None:
    """List a unit's officials with their ids and accounts (not those who erased their data)."""
    from handlers.accounts import account_ref
    from storage import queries
    from storage.review import officials_by_unit

    settings = settings_of(ctx)

    async def _list() -> tuple[str, list[dict[str, object]]] | None:
        async with db_session(settings) as session:
            unit = await queries.unit_by_code(session, code)
            if unit is None or unit.id is None:
                return None
            people = (await officials_by_unit(session, [unit.id]))[unit.id]
            return unit.name, [
                {
                    "official_id": official.id,
                    "name": official.full_name,
                    "position": official.position,
                    "role": official.role,
                    # A web chat's session id is a secret: shown by its start, as in /toi.
                    "identities": [account_ref(i) for i in identities],
                }
                for official, identities in people
            ]

    found = run(_list)
    if found is None:
        raise unknown_unit(settings, code)
    name, rows = found
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        echo(f"{name} ({code}) chưa có cán bộ nào đăng ký")
        return
    for row in rows:
        identities = row["identities"]
        accounts = ", ".join(identities) if isinstance(identities, list) and identities else ""
        position = f", {row['position']}" if row["position"] else ""
        role = f" ({ROLE_NAMES.get(str(row['role']), str(row['role']))})"
        state = f"[{accounts}]" if accounts else f"[{DEACTIVATED}]"
        echo(
            f"official:{row['official_id']}: {row['name'] or '(chưa có tên)'}{position}{role} "
            f"{state}"
        )
