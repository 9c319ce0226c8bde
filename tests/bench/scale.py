"""Scale bench: planning, export and /tiendo as the number of units grows, on PostgreSQL.

For each size (96 units: one province; 3,321: every commune of the country; 33,210: ten
times that) it seeds the units with 30 officials each (one Telegram identity each), a tenth
of the units having sent this quarter's report, and an admin; then times
- the reminder planning of one deadline day (T-7 of the quarterly report: one outbox row
  per official of every unit still owing),
- the export (collect + xlsx),
- `/tiendo` through `handlers.respond`,
and prints one JSON line per size with the cost per unit, then a summary: for each step the
largest cost per unit over the smallest, and over the smallest size's (growth). Target (#14):
growth within 2x.

    TEST_DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/test \\
        PYTHONPATH=. python tests/bench/scale.py [--sizes 96,3321,33210] [--officials 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.app import build_services  # noqa: E402
from bot.config import Settings  # noqa: E402
from handlers import Channel, Inbound, respond  # noqa: E402
from handlers.numbers import vn_int  # noqa: E402
from reports.export import collect, write_xlsx  # noqa: E402
from scheduler.planner import plan_due  # noqa: E402
from scheduler.policy import ReminderPolicy  # noqa: E402
from storage import reminders as store  # noqa: E402
from storage.db import make_engine, session_scope  # noqa: E402
from tests.production.workers import private_database  # noqa: E402

SURVEY = "bao-cao-quy"
PERIOD = "2026-Q4"
DUE = date(2026, 12, 15)
T7 = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)  # 08:00 local, seven days before
ADMIN_CHAT = "admin-1"


async def seed(url: str, units: int, officials: int) -> None:
    """Bulk-load with COPY: the bench measures the app, not the seeding."""
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    now = datetime.now(UTC)
    try:
        communes = [
            (n, f"S{n:05d}", f"Xã Số {n:05d}", "commune", True) for n in range(1, units + 1)
        ]
        department = (units + 1, "STTTT", "Sở Khoa học và Công nghệ", "department", True)
        await connection.copy_records_to_table(
            "unit",
            columns=["id", "code", "name", "kind", "active"],
            records=[*communes, department],
        )
        people = [
            (u * officials + k + 1, u + 1, f"Cán bộ {u}-{k}", "Công chức", "member", now)
            for u in range(units)
            for k in range(officials)
        ]
        admin_id = units * officials + 1
        people.append((admin_id, units + 1, "Quản trị", "Chuyên viên", "admin", now))
        await connection.copy_records_to_table(
            "official",
            columns=["id", "unit_id", "full_name", "position", "role", "created_at"],
            records=people,
        )
        await connection.copy_records_to_table(
            "identity",
            columns=["id", "channel", "external_id", "chat_id", "official_id", "blocked",
                     "created_at", "last_seen_at"],
            records=[
                (pid, "telegram", chat, chat, pid, False, now, now)
                for pid, *_ in people
                for chat in [str(pid) if pid != admin_id else ADMIN_CHAT]
            ],
        )  # fmt: skip
        await connection.copy_records_to_table(
            "survey_response",
            columns=["survey_id", "period", "unit_id", "status", "version", "submitted_at",
                     "created_at", "updated_at"],
            records=[
                (SURVEY, PERIOD, u, "submitted", 1, T7, T7, T7) for u in range(1, units + 1, 10)
            ],
        )  # fmt: skip
        for table in ("unit", "official", "identity"):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def measure(url: str, units: int, officials: int, folder: Path) -> dict[str, float]:
    settings = Settings(_env_file=None, invite_pepper="bench-scale-pepper-value")  # type: ignore[call-arg]
    services = build_services(settings)
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            await store.add_deadline(
                session, title="Báo cáo quý", due_on=DUE, audience="communes",
                survey_id=SURVEY, section="IV.1.d", now=T7,
            )  # fmt: skip
        started = time.perf_counter()
        async with session_scope(engine) as session:
            queued = await plan_due(
                session, now=T7, policy=ReminderPolicy(), zone=services.zone,
                channels=["telegram"], surveys=services.surveys,
            )  # fmt: skip
        plan = time.perf_counter() - started

        started = time.perf_counter()
        async with session_scope(engine) as session:
            table = await collect(session, services.surveys[SURVEY], PERIOD, zone=services.zone)
        write_xlsx(table, folder / f"export-{units}.xlsx")
        export = time.perf_counter() - started

        started = time.perf_counter()
        async with session_scope(engine) as session:
            replies = await respond(
                Inbound(channel=Channel.TELEGRAM, chat_id=ADMIN_CHAT, user_id=ADMIN_CHAT,
                        text=f"/tiendo {SURVEY}"),
                session=session, now=T7, services=services,
            )  # fmt: skip
        tiendo = time.perf_counter() - started
    finally:
        await engine.dispose()
    owing = units - len(range(1, units + 1, 10))
    assert queued == owing * officials, (queued, owing * officials)
    assert f"/{vn_int(units)} đơn vị" in replies[0].text, replies[0].text
    return {
        "units": units,
        "officials": units * officials,
        "queued": queued,
        "plan_s": round(plan, 3),
        "export_s": round(export, 3),
        "tiendo_ms": round(tiendo * 1000, 1),
        "plan_us_per_unit": round(plan / units * 1e6, 1),
        "export_us_per_unit": round(export / units * 1e6, 1),
        "tiendo_us_per_unit": round(tiendo / units * 1e6, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="96,3321,33210")
    parser.add_argument("--officials", type=int, default=30)
    args = parser.parse_args()
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        raise SystemExit("set TEST_DATABASE_URL to a PostgreSQL server")
    results = []
    with tempfile.TemporaryDirectory() as name:
        for size in (int(part) for part in args.sizes.split(",")):
            with private_database(base) as url:
                asyncio.run(seed(url, size, args.officials))
                result = asyncio.run(measure(url, size, args.officials, Path(name)))
            print(json.dumps(result), flush=True)
            results.append(result)
    spread = {
        step: round(max(r[step] for r in results) / max(min(r[step] for r in results), 1e-9), 2)
        for step in ("plan_us_per_unit", "export_us_per_unit", "tiendo_us_per_unit")
    }
    # What "flat" means: the cost per unit never grows past 2x the smallest size's (a fixed
    # cost spread over few units makes the small sizes the dearest per unit).
    growth = {
        step: round(max(r[step] for r in results) / max(results[0][step], 1e-9), 2)
        for step in spread
    }
    print(json.dumps({"max_over_min_per_unit": spread, "growth_vs_smallest": growth}))


if __name__ == "__main__":
    main()
