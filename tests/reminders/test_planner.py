"""The planner writes due reminders into the outbox once, at the right local times."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from knowledge.deadlines import load_deadlines
from knowledge.surveys import load_definitions
from scheduler.planner import plan_due
from scheduler.policy import ReminderPolicy
from storage import outbox
from storage import reminders as store
from storage.db import session_scope
from storage.models import Deadline, Identity
from tests.reminders.conftest import (
    CHANNELS,
    POLICY,
    SURVEY,
    ZONE,
    People,
    add_person,
    add_report_deadline,
    outbox_rows,
    submit,
    utc,
)


async def _plan(engine: AsyncEngine, now: datetime, policy: ReminderPolicy = POLICY) -> int:
    async with session_scope(engine) as session:
        return await plan_due(session, now=now, policy=policy, zone=ZONE, channels=CHANNELS)


async def _queued(engine: AsyncEngine) -> list[tuple[str, str]]:
    return [(r.chat_id, r.step) for r in await outbox_rows(engine) if r.status == "queued"]


async def test_nothing_is_planned_before_eight_local(engine: AsyncEngine, people: People) -> None:
    await add_report_deadline(engine)

    queued = await _plan(engine, utc(2026, 12, 8, 0, 59))

    assert queued == 0


async def test_t_minus_7_is_planned_at_eight_local_for_every_unit(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)

    await _plan(engine, utc(2026, 12, 8, 1, 0))

    assert await _queued(engine) == [("101", "T-7d"), ("102", "T-7d")]


async def test_planning_twice_writes_nothing_new(engine: AsyncEngine, people: People) -> None:
    await add_report_deadline(engine)
    await _plan(engine, utc(2026, 12, 8, 1, 0))

    again = await _plan(engine, utc(2026, 12, 8, 1, 0, 30))

    assert (again, len(await outbox_rows(engine))) == (0, 2)


async def test_reminder_text_has_due_date_days_left_section_and_choices(
    engine: AsyncEngine, people: People
) -> None:
    deadline = await add_report_deadline(engine)

    await _plan(engine, utc(2026, 12, 12, 1, 0))

    row = (await outbox_rows(engine))[-1]
    assert row.text == (
        "⏰ Nhắc việc: Báo cáo định kỳ kết quả thực hiện Kế hoạch\n"
        "Hạn: Thứ Ba, 15/12/2026 — còn 3 ngày.\n"
        "Đơn vị của bạn chưa gửi báo cáo quý IV/2026.\n"
        "Theo mục IV.1.d Kế hoạch 87/KH-UBND."
    )
    assert row.choices == [
        ["rm:report:bao-cao-quy", "Báo cáo ngay"],
        [f"rm:mute:{deadline.id}", "Tắt nhắc việc này"],
    ]


async def test_unit_that_submitted_gets_no_more_reminders(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    await submit(engine, people.commune)

    await _plan(engine, utc(2026, 12, 12, 1, 0))

    assert await _queued(engine) == [("102", "T-3d")]


async def test_catch_up_after_downtime_queues_only_the_latest_step(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)

    await _plan(engine, utc(2026, 12, 14, 3, 0))  # first tick since before T-7

    rows = [(r.chat_id, r.step, r.status) for r in await outbox_rows(engine)]
    assert [row for row in rows if row[0] == "101"] == [
        ("101", "T-7d", "skipped"),
        ("101", "T-3d", "skipped"),
        ("101", "T-1d", "queued"),
    ]


async def test_older_queued_step_is_superseded_by_the_next(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    await _plan(engine, utc(2026, 12, 8, 1, 0))

    await _plan(engine, utc(2026, 12, 12, 1, 0))

    assert await _queued(engine) == [("101", "T-3d"), ("102", "T-3d")]


async def test_muted_official_is_not_reminded(engine: AsyncEngine, people: People) -> None:
    deadline = await add_report_deadline(engine)
    async with session_scope(engine) as session:
        assert deadline.id is not None and people.member.id is not None
        await store.mute(
            session, deadline_id=deadline.id, official_id=people.member.id, now=utc(2026, 12, 1)
        )

    await _plan(engine, utc(2026, 12, 8, 1, 0))

    assert await _queued(engine) == [("102", "T-7d")]


async def test_blocked_and_other_channel_identities_are_not_reminded(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    await add_person(engine, people.commune, chat="web-1", channel="web")
    async with session_scope(engine) as session:
        identity = await session.get(Identity, 2)
        assert identity is not None and identity.chat_id == "102"
        identity.blocked = True
        session.add(identity)

    await _plan(engine, utc(2026, 12, 8, 1, 0))

    rows = await outbox_rows(engine)
    assert [(r.chat_id, r.channel) for r in rows if r.status == "queued"] == [
        ("101", "telegram"),
        ("web-1", "web"),
    ]


async def test_every_active_identity_of_an_official_gets_it_once(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    async with session_scope(engine) as session:
        session.add(
            Identity(channel="zalo", external_id="z1", chat_id="z1", official_id=people.member.id)
        )
    async with session_scope(engine) as session:
        await plan_due(
            session,
            now=utc(2026, 12, 8, 1, 0),
            policy=POLICY,
            zone=ZONE,
            channels=("telegram", "zalo"),
        )

    rows = await outbox_rows(engine)
    assert sorted((r.channel, r.chat_id) for r in rows) == [
        ("telegram", "101"),
        ("telegram", "102"),
        ("zalo", "z1"),
    ]


async def test_admins_get_one_escalation_listing_missing_units(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    await submit(engine, people.ward)

    await _plan(engine, utc(2026, 12, 22, 1, 0))
    await _plan(engine, utc(2026, 12, 22, 2, 0))

    escalations = [r for r in await outbox_rows(engine) if r.kind == "escalation"]
    assert [(r.chat_id, r.status) for r in escalations] == [("900", "queued")]
    assert escalations[0].text.endswith("còn 1 đơn vị chưa gửi báo cáo:\n• Xã Bình Sơn")


async def test_no_escalation_when_every_unit_submitted(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    await submit(engine, people.ward)
    await submit(engine, people.commune)

    await _plan(engine, utc(2026, 12, 22, 1, 0))

    assert await outbox_rows(engine) == []


async def test_deadline_without_survey_stops_at_the_due_day(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine, survey_id=None, every=None)

    await _plan(engine, utc(2026, 12, 16, 1, 0))

    assert await _queued(engine) == [("101", "T-0d"), ("102", "T-0d")]


async def test_skip_weekends_moves_the_saturday_step_to_monday(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine, policy={"skip_weekends": True})

    saturday = await _plan(engine, utc(2026, 12, 12, 1, 0))
    monday = await _plan(engine, utc(2026, 12, 14, 1, 0))

    assert (saturday, monday) == (0, 2)


async def test_quiet_hours_hold_a_late_send_hour_until_morning(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine, policy={"send_hour": 21, "before_days": "1"})

    evening = await _plan(engine, utc(2026, 12, 14, 14, 0))  # 21:00 local
    morning = await _plan(engine, utc(2026, 12, 15, 0, 0))  # 07:00 local

    assert (evening, morning) == (0, 2)


async def test_yaml_deadlines_sync_idempotently_by_key(engine: AsyncEngine) -> None:
    async with session_scope(engine) as session:
        first = await store.sync_deadlines(session, load_deadlines(), now=utc(2026, 11, 1))
    async with session_scope(engine) as session:
        second = await store.sync_deadlines(session, load_deadlines(), now=utc(2026, 11, 2))
        keys = [d.key for d in await store.active_deadlines(session)]

    assert (first, second, len(keys)) == (4, 0, 4)


async def test_syncing_again_at_every_start_takes_no_deadline_ids(engine: AsyncEngine) -> None:
    # Operators type deadline ids (`cdsbot deadlines edit 5`): starts must not use them up
    # (PostgreSQL's INSERT … ON CONFLICT DO NOTHING takes a sequence value even when it
    # inserts nothing).
    async with session_scope(engine) as session:
        await store.sync_deadlines(session, load_deadlines(), now=utc(2026, 11, 1))
    for day in (2, 3, 4):
        async with session_scope(engine) as session:
            await store.sync_deadlines(session, load_deadlines(), now=utc(2026, 11, day))
    async with session_scope(engine) as session:
        session.add(
            Deadline(
                key="own-1", title="Việc riêng", section="IV.1.d", owner="office",
                audience="communes", due_on=date(2026, 12, 20), source="admin",
                created_at=utc(2026, 11, 5),
            )
        )  # fmt: skip
        await session.flush()
        ids = sorted(d.id for d in await store.active_deadlines(session))

    assert ids == list(range(1, len(load_deadlines()) + 2))


async def test_sync_keeps_the_offices_edit_of_a_plan_deadline_until_it_is_restored(
    engine: AsyncEngine,
) -> None:
    specs = {spec.key: spec for spec in load_deadlines()}
    training = specs["boi-duong-can-bo-cds"]
    async with session_scope(engine) as session:
        await store.sync_deadlines(session, specs.values(), now=utc(2026, 11, 1))
    async with session_scope(engine) as session:
        row = (await store.active_deadlines(session))[2]
        assert row.key == training.key
        changed = await store.edit_deadline(
            session, row, title="Tập huấn CĐS năm", due_on=date(2026, 12, 20),
            audience=row.audience, every=row.every, section=row.section,
            survey_id=row.survey_id, by="chanh-vp", now=utc(2026, 11, 2),
        )  # fmt: skip
    async with session_scope(engine) as session:
        await store.sync_deadlines(session, specs.values(), now=utc(2026, 11, 3))
        kept = {
            d.key: (d.title, d.due_on, d.source) for d in await store.active_deadlines(session)
        }
    async with session_scope(engine) as session:
        row = next(d for d in await store.active_deadlines(session) if d.key == training.key)
        await store.restore_plan_deadline(
            session, row, training, by="chanh-vp", now=utc(2026, 11, 4)
        )
    async with session_scope(engine) as session:
        await store.sync_deadlines(session, specs.values(), now=utc(2026, 11, 5))
        back = {
            d.key: (d.title, d.due_on, d.source) for d in await store.active_deadlines(session)
        }

    assert changed
    assert kept[training.key] == ("Tập huấn CĐS năm", date(2026, 12, 20), "edited")
    assert back[training.key] == (training.title, training.due_on, "yaml")


async def test_survey_linked_deadline_follows_the_surveys_due_day(
    engine: AsyncEngine, people: People
) -> None:
    # The survey says day 10 of the last month; the deadline row still says the 15th.
    survey = load_definitions()[SURVEY]
    moved = survey.model_copy(update={"due": survey.due.model_copy(update={"day": 10})})
    await add_report_deadline(engine)

    async with session_scope(engine) as session:
        queued = await plan_due(
            session,
            now=utc(2026, 12, 3, 1, 0),  # 08:00 local on 3/12: T-7 of 10/12
            policy=POLICY,
            zone=ZONE,
            channels=CHANNELS,
            surveys={SURVEY: moved},
        )

    rows = await outbox_rows(engine)
    assert (queued, {(r.period, r.step) for r in rows}) == (2, {("2026-Q4", "T-7d")})
    assert "Thứ Năm, 10/12/2026" in rows[0].text


async def test_web_only_official_gets_a_waiting_web_row_when_planned(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    await add_person(engine, people.commune, chat="web-1", channel="web")

    queued = await _plan(engine, utc(2026, 12, 8, 1, 0))

    rows = await outbox_rows(engine)
    assert queued == 3
    assert [(r.chat_id, r.channel, r.status) for r in rows if r.chat_id == "web-1"] == [
        ("web-1", "web", "queued")
    ]
    assert [r.status for r in rows if r.status == "unreachable"] == []


async def test_web_only_official_gets_one_row_per_step_across_ticks(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    official = await add_person(engine, people.commune, chat="web-1", channel="web")
    async with session_scope(engine) as session:
        # A second browser of the same official: still one reminder per step.
        session.add(
            Identity(channel="web", external_id="web-2", chat_id="web-2", official_id=official.id)
        )

    await _plan(engine, utc(2026, 12, 8, 1, 0))
    again = await _plan(engine, utc(2026, 12, 8, 1, 5))
    await _plan(engine, utc(2026, 12, 12, 1, 0))

    rows = [(r.chat_id, r.step, r.status) for r in await outbox_rows(engine)]
    assert again == 0
    assert [row for row in rows if row[0].startswith("web")] == [
        ("web-1", "T-7d", "skipped"),
        ("web-1", "T-3d", "queued"),
    ]


async def test_official_on_a_channel_that_is_off_and_the_web_chat_gets_the_web_row(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    async with session_scope(engine) as session:
        session.add(
            Identity(channel="web", external_id="w1", chat_id="w1", official_id=people.member.id)
        )

    async with session_scope(engine) as session:
        await plan_due(
            session, now=utc(2026, 12, 8, 1, 0), policy=POLICY, zone=ZONE, channels=("zalo",)
        )

    assert sorted((r.chat_id, r.channel, r.status) for r in await outbox_rows(engine)) == [
        ("102", "telegram", "unreachable"),
        ("w1", "web", "queued"),
    ]


async def test_web_only_admin_gets_the_escalation_in_the_web_chat(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    await add_person(engine, people.department, chat="web-admin", channel="web", role="admin")

    await _plan(engine, utc(2026, 12, 22, 3, 0))  # the escalation step, T+7d

    rows = [
        (r.chat_id, r.channel, r.status)
        for r in await outbox_rows(engine)
        if r.kind == "escalation"
    ]
    assert rows == [("900", "telegram", "queued"), ("web-admin", "web", "queued")]


async def test_official_on_a_running_channel_gets_no_unreachable_row(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)
    async with session_scope(engine) as session:
        session.add(
            Identity(channel="web", external_id="w1", chat_id="w1", official_id=people.member.id)
        )

    await _plan(engine, utc(2026, 12, 8, 1, 0))

    assert [(r.chat_id, r.status) for r in await outbox_rows(engine)] == [
        ("101", "queued"),
        ("102", "queued"),
    ]


async def test_every_official_is_unreachable_when_no_channel_runs(
    engine: AsyncEngine, people: People
) -> None:
    await add_report_deadline(engine)

    async with session_scope(engine) as session:
        queued = await plan_due(
            session, now=utc(2026, 12, 8, 1, 0), policy=POLICY, zone=ZONE, channels=()
        )

    assert queued == 0
    assert {r.status for r in await outbox_rows(engine)} == {"unreachable"}


async def test_steps_passed_before_the_deadline_was_added_are_skipped_with_that_reason(
    engine: AsyncEngine, people: People
) -> None:
    async with session_scope(engine) as session:
        deadline = await store.add_deadline(
            session, title="Báo cáo định kỳ kết quả thực hiện Kế hoạch", due_on=date(2026, 12, 15),
            audience="communes", every="quarter", section="IV.1.d", survey_id=SURVEY,
            now=utc(2026, 12, 11),
        )  # fmt: skip
        source = f"deadline:{deadline.key}"

    await _plan(engine, utc(2026, 12, 12, 1, 0))

    async with session_scope(engine) as session:
        steps = await outbox.step_outcomes(session, source=source, period="2026-Q4")
        reasons = (await outbox.skipped_reasons(session))[source]
        since = await store.in_use_since(session)
    assert steps == {
        "T-7d": {f"skipped:{outbox.ADDED_LATE}": 2},
        "T-3d": {"queued": 2},
    }
    assert reasons == {outbox.ADDED_LATE: 2}
    assert since == utc(2026, 12, 11)


async def test_steps_passed_after_the_deadline_was_added_are_skipped_as_superseded(
    engine: AsyncEngine, people: People
) -> None:
    deadline = await add_report_deadline(engine)  # added 01/11

    await _plan(engine, utc(2026, 12, 12, 1, 0))

    async with session_scope(engine) as session:
        reasons = (await outbox.skipped_reasons(session))[f"deadline:{deadline.key}"]
    assert reasons == {outbox.SUPERSEDED: 2}
