"""Reminder messages, `/nhacviec`, the "rm:" choices on reminders, and `/thongbao` broadcasts."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import access, live, registering, survey, texts
from handlers.choices import REPORT, parse_id
from handlers.context import OUTBOX_CHANNELS, Turn
from handlers.dates import deadline_line, due_text, status_text
from handlers.messages import Choice, Reply
from handlers.numbers import vn_int
from handlers.survey_view import period_label
from knowledge.periods import Occurrence, occurrences
from knowledge.surveys import SurveyDefinition
from storage import outbox, queries
from storage import reminders as store
from storage import surveys as survey_store
from storage.models import Deadline, Official, Outbox, Role, Unit

PREFIX = "rm:"
MUTE = "rm:mute:"
# How far back /nhacviec still shows an occurrence whose report is missing.
_OVERDUE_SHOWN = timedelta(days=31)
_HORIZON = timedelta(days=800)

STATE_AUDIENCE = "broadcast:audience"
STATE_TEXT = "broadcast:text"
STATE_CONFIRM = "broadcast:confirm"
SEND = "bc:send"
CANCEL = "bc:cancel"
AUDIENCE_CHOICES = (
    Choice("bc:communes", texts.AUDIENCE_COMMUNES),
    Choice("bc:departments", texts.AUDIENCE_DEPARTMENTS),
    Choice("bc:all", texts.AUDIENCE_ALL),
)
CONFIRM_CHOICES = (Choice(SEND, texts.CHOICE_SEND), Choice(CANCEL, texts.CHOICE_CANCEL))


# --- rendering (also used by the planner) ---


def reminder_reply(deadline: Deadline, occurrence: Occurrence, *, today: date) -> Reply:
    """The reminder of one deadline period, with "Báo cáo ngay" and "Tắt nhắc việc này"."""
    lines = [
        texts.REMINDER.format(
            title=deadline.title,
            due=due_text(occurrence.due_on),
            status=status_text(occurrence.due_on, today),
        )
    ]
    choices: list[Choice] = []
    if deadline.survey_id:
        lines.append(texts.REMINDER_REPORT_MISSING.format(period=period_label(occurrence.period)))
        choices.append(Choice(REPORT + deadline.survey_id, texts.CHOICE_REPORT_NOW))
    if deadline.section:
        lines.append(texts.PLAN_SECTION.format(section=deadline.section))
    choices.append(Choice(f"{MUTE}{deadline.id}", texts.CHOICE_MUTE))
    return Reply("\n".join(lines), tuple(choices))


# How far from the day a reminder was written its deadline period is looked for again.
_REWRITE_WINDOW = timedelta(days=62)


async def current_text(
    session: AsyncSession,
    row: Outbox,
    *,
    zone: ZoneInfo,
    surveys: Mapping[str, SurveyDefinition],
    today: date,
) -> str:
    """A waiting deadline reminder's text as of `today`, else the row's own text.

    A web-chat official may open the chat days after the reminder was written: its «còn 3
    ngày» is said again from the deadline as it stands now.
    """
    if row.kind != "reminder" or row.deadline_id is None:
        return row.text
    if row.created_at.astimezone(zone).date() == today:
        return row.text
    deadline = await session.get(Deadline, row.deadline_id)
    if deadline is None:
        return row.text
    written = row.created_at.astimezone(zone).date()
    found = occurrences(
        deadline,
        start=written - _REWRITE_WINDOW,
        end=written + _REWRITE_WINDOW,
        zone=zone,
        survey=surveys.get(deadline.survey_id or ""),
    )
    occurrence = next((o for o in found if o.period == row.period), None)
    if occurrence is None:
        return row.text
    return reminder_reply(deadline, occurrence, today=today).text


def escalation_text(
    deadline: Deadline, occurrence: Occurrence, *, today: date, unit_names: list[str]
) -> str:
    """The admins' message listing the units still missing after the last reminder."""
    return texts.ESCALATION.format(
        title=deadline.title,
        due=due_text(occurrence.due_on),
        period=occurrence.period,
        status=status_text(occurrence.due_on, today),
        count=len(unit_names),
        units="\n".join(texts.ESCALATION_UNIT.format(name=name) for name in unit_names),
    )


# --- /nhacviec ---


async def _unit_of(turn: Turn) -> tuple[Official, Unit] | None:
    official = await queries.official_of(turn.session, turn.identity)
    if official is None or official.unit_id is None:
        return None
    unit = await turn.session.get(Unit, official.unit_id)
    return (official, unit) if unit is not None else None


async def _current(turn: Turn, deadline: Deadline, unit: Unit, today: date) -> Occurrence | None:
    """The occurrence to show: the next one, or an earlier one whose report is still missing."""
    end = max(today, deadline.due_on) + _HORIZON
    found = occurrences(
        deadline,
        start=today - _OVERDUE_SHOWN,
        end=end,
        zone=turn.services.zone,
        survey=turn.services.surveys.get(deadline.survey_id or ""),
    )
    for occurrence in found:
        if occurrence.due_on >= today:
            return occurrence
        if deadline.survey_id and unit.id not in await store.submitted_unit_ids(
            turn.session, survey_id=deadline.survey_id, period=occurrence.period
        ):
            return occurrence
    return None


async def _pending(turn: Turn, survey_id: str, period: str, unit: Unit) -> str:
    """The note on the unit's sent report's edits not yet sent again ("" when none waits)."""
    response = await survey_store.find_response(
        turn.session, survey_id=survey_id, period=period, unit_id=unit.id or 0
    )
    return await live.pending_note(turn.session, response) if response is not None else ""


async def my_deadlines(turn: Turn) -> list[Reply]:
    """`/nhacviec`: my unit's upcoming deadlines, and whether each report was sent."""
    linked = await _unit_of(turn)
    if linked is None:
        if midway := await registering.status(turn, after=texts.REGISTERING_LATER):
            return midway
        if (said := await access.deactivated(turn)) is not None:
            return [Reply(said)]
        return [Reply(texts.NOT_LINKED.format(office=turn.services.coordinating_office))]
    _, unit = linked
    today = turn.today
    shown: list[tuple[date, str]] = []
    for deadline in await store.active_deadlines(turn.session):
        if not store.applies_to(deadline, unit):
            continue
        occurrence = await _current(turn, deadline, unit, today)
        if occurrence is None:
            continue
        lines = [deadline_line(deadline.title, deadline.section, occurrence.due_on, today)]
        if deadline.survey_id:
            done = unit.id in await store.submitted_unit_ids(
                turn.session, survey_id=deadline.survey_id, period=occurrence.period
            )
            template = texts.DEADLINE_REPORT_SENT if done else texts.DEADLINE_REPORT_MISSING
            line = template.format(period=period_label(occurrence.period))
            if done and occurrence.due_on >= today:
                line += await _pending(turn, deadline.survey_id, occurrence.period, unit)
            lines.append(line)
        shown.append((occurrence.due_on, "\n".join(lines)))
    if not shown:
        return [Reply(texts.NO_DEADLINES)]
    body = "\n".join(text for _, text in sorted(shown, key=lambda item: item[0]))
    return [Reply(texts.DEADLINES_HEADER.format(unit=unit.name) + "\n" + body)]


# --- "rm:" choices (stateless: a reminder's buttons stay valid days later) ---


async def on_choice(turn: Turn) -> list[Reply]:
    """ "rm:report:<survey>" opens that report; "rm:mute:<deadline id>" mutes one deadline."""
    key = turn.choice or ""
    if key.startswith(REPORT):
        # The same as typing `/baocao <survey>`: the report opens at its first open question.
        turn.argument = key.removeprefix(REPORT)
        return await survey.start(turn)
    if key.startswith(MUTE):
        return await _mute(turn, key.removeprefix(MUTE))
    return [Reply(texts.CHOICE_EXPIRED)]


async def _mute(turn: Turn, raw_id: str) -> list[Reply]:
    deadline_id = parse_id(raw_id)
    if deadline_id is None:
        return [Reply(texts.CHOICE_EXPIRED)]  # no button of ours carries such an id
    linked = await _unit_of(turn)
    deadline = await turn.session.get(Deadline, deadline_id)
    if linked is None or deadline is None or not deadline.active:
        return [Reply(texts.MUTE_INVALID)]
    official, unit = linked
    if not store.applies_to(deadline, unit) or official.id is None or deadline.id is None:
        return [Reply(texts.MUTE_INVALID)]
    dropped = await store.mute(
        turn.session, deadline_id=deadline.id, official_id=official.id, now=turn.now
    )
    queries.audit(
        turn.session,
        action="reminder.mute",
        now=turn.now,
        identity_id=turn.identity.id,
        entity="deadline",
        entity_id=str(deadline.id),
        detail={"dropped": dropped},
    )
    return [Reply(texts.MUTED.format(title=deadline.title))]


# --- /thongbao ---


def _audience_label(audience: str) -> str:
    """An audience named inside a sentence: «tất cả xã, phường, đặc khu»."""
    labels = {choice.key.removeprefix("bc:"): choice.label for choice in AUDIENCE_CHOICES}
    label = labels.get(audience, audience)
    return label[:1].lower() + label[1:]


def _channels_in_words(channels: Iterable[str], *, off: Collection[str] = ()) -> str:
    """Channel names inside a sentence, in the order texts lists them: «Telegram hoặc Zalo»;
    those in `off` marked so: «Telegram (đang tắt)»."""
    order = list(texts.CHANNELS_IN_SENTENCE)
    known = sorted(set(channels), key=lambda c: (order.index(c) if c in order else len(order), c))
    names = [
        texts.CHANNELS_IN_SENTENCE.get(channel, channel) + (texts.CHANNEL_OFF * (channel in off))
        for channel in known
    ]
    return texts.OR.join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


async def broadcast_nobody(
    session: AsyncSession, *, audience: str, channels: tuple[str, ...]
) -> str | None:
    """Why nobody of the audience would receive a broadcast; None when someone would.

    Only the running reminder channels (`channels`: Telegram, Zalo, those whose token is set)
    receive broadcasts: officials known only on the web chat, the console or a channel that is
    off are registered, yet out of reach, and are said to be. `/thongbao` and the console's
    «Gửi thông báo chung» both say it this way.
    """
    units = await store.audience_units(session, audience)
    unit_ids = [unit.id for unit in units if unit.id is not None]
    if await store.recipients(session, unit_ids=unit_ids, channels=channels):
        return None
    label = _audience_label(audience)
    if await store.official_count(session, unit_ids=unit_ids) == 0:
        return texts.BROADCAST_NOBODY_REGISTERED.format(audience=label)
    if not channels:
        return texts.BROADCAST_NO_CHANNEL.format(audience=label)
    reason = texts.BROADCAST_NOBODY_REACHABLE.format(
        audience=label, channels=_channels_in_words(channels)
    )
    elsewhere = await store.recipients(session, unit_ids=unit_ids, channels=None)
    if elsewhere:
        off = [channel for channel in OUTBOX_CHANNELS if channel not in channels]
        reason += texts.BROADCAST_ONLY_ELSEWHERE.format(
            count=vn_int(len({found.official_id for found in elsewhere})),
            others=_channels_in_words((found.channel for found in elsewhere), off=off),
        )
    return reason + "."


async def _nobody(turn: Turn, audience: str) -> str | None:
    """Why nobody of the audience would receive a broadcast from this chat (see above)."""
    return await broadcast_nobody(
        turn.session, audience=audience, channels=turn.services.reminder_channels
    )


async def _is_admin(turn: Turn) -> bool:
    official = await queries.official_of(turn.session, turn.identity)
    return official is not None and official.role == Role.ADMIN.value


async def broadcast(turn: Turn) -> list[Reply]:
    """`/thongbao`: an admin composes a message to many units; first, to whom."""
    if not await _is_admin(turn):
        midway = await registering.status(turn, after=texts.REGISTERING_LATER)
        return midway or [Reply(texts.BROADCAST_ADMIN_ONLY)]
    turn.set_state(STATE_AUDIENCE)
    return [Reply(texts.BROADCAST_ASK_AUDIENCE, AUDIENCE_CHOICES)]


async def broadcast_flow(turn: Turn) -> list[Reply]:
    """The steps of `/thongbao` after the command: audience, text, preview and confirmation."""
    state = turn.conversation.state
    data = dict(turn.conversation.data)
    if state == STATE_AUDIENCE:
        keys = {choice.key for choice in AUDIENCE_CHOICES}
        if turn.choice not in keys:
            return [Reply(texts.BROADCAST_PICK, AUDIENCE_CHOICES)]
        audience = (turn.choice or "").removeprefix("bc:")
        if (nobody := await _nobody(turn, audience)) is not None:
            # Said before the text is written; the flow stays at the audience.
            return [Reply(f"{nobody} {texts.BROADCAST_PICK_ANOTHER}", AUDIENCE_CHOICES)]
        turn.set_state(STATE_TEXT, {"audience": audience})
        return [Reply(texts.BROADCAST_ASK_TEXT.format(audience=_audience_label(audience)))]
    audience = str(data.get("audience", "all"))
    if state == STATE_TEXT:
        message = turn.inbound.text.strip()
        if not message:
            return [Reply(texts.BROADCAST_EMPTY)]
        if (nobody := await _nobody(turn, audience)) is not None:
            # Everyone of the audience left, or blocked the bot, while the text was written.
            turn.set_state("idle")
            return [Reply(f"{nobody} {texts.BROADCAST_NOTHING_QUEUED}")]
        count = await _recipient_count(turn, audience)
        turn.set_state(STATE_CONFIRM, {"audience": audience, "text": message})
        preview = texts.BROADCAST_PREVIEW.format(
            audience=_audience_label(audience),
            count=vn_int(count),
            message=texts.BROADCAST_MESSAGE.format(text=message),
        )
        return [Reply(preview, CONFIRM_CHOICES)]
    if turn.choice == CANCEL:
        turn.set_state("idle")
        return [Reply(texts.BROADCAST_CANCELLED)]
    if turn.choice != SEND:
        return [Reply(texts.BROADCAST_PICK, CONFIRM_CHOICES)]
    turn.set_state("idle")
    if not await _is_admin(turn):
        return [Reply(texts.BROADCAST_ADMIN_ONLY)]
    if (nobody := await _nobody(turn, audience)) is not None:  # everyone left since the preview
        return [Reply(f"{nobody} {texts.BROADCAST_NOTHING_QUEUED}")]
    broadcast_id, count = await outbox.enqueue_broadcast(
        turn.session,
        audience=audience,
        text=texts.BROADCAST_MESSAGE.format(text=str(data.get("text", ""))),
        channels=turn.services.reminder_channels,
        now=turn.now,
    )
    queries.audit(
        turn.session,
        action="broadcast.queued",
        now=turn.now,
        identity_id=turn.identity.id,
        entity="broadcast",
        entity_id=broadcast_id,
        detail={"audience": audience, "count": count},
    )
    return [Reply(texts.BROADCAST_QUEUED.format(count=vn_int(count)))]


async def _recipient_count(turn: Turn, audience: str) -> int:
    units = await store.audience_units(turn.session, audience)
    found = await store.recipients(
        turn.session,
        unit_ids=[unit.id for unit in units if unit.id is not None],
        channels=turn.services.reminder_channels,
    )
    return len(found)
