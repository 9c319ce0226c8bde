"""`/tiendo`: how many units have sent this period's report, for the province's admins."""

from __future__ import annotations

from handlers import texts
from handlers.access import require_admin
from handlers.context import Turn
from handlers.messages import Reply
from handlers.numbers import vn_int
from handlers.survey_view import period_label
from knowledge.surveys import period_of
from storage import outbox
from storage import surveys as store

# Keep the reply readable on a phone: name this many missing units, count the rest.
MAX_LISTED = 15


async def progress(turn: Turn) -> list[Reply]:
    """ "Đã báo cáo X/N đơn vị" and the units still missing (admins only)."""
    refusal = await require_admin(turn)
    if isinstance(refusal, list):
        return refusal
    surveys = turn.services.surveys
    wanted = turn.argument.strip().lower()
    definition = (
        surveys.get(wanted) if wanted else next(iter(sorted(surveys.items())), (0, None))[1]
    )
    if definition is None:
        return [Reply(texts.SURVEY_UNKNOWN.format(survey=wanted))]
    period = period_of(definition, turn.now, turn.services.zone)
    total, missing, names = await store.missing_units(
        turn.session, definition.id, period, kinds=definition.audience, limit=MAX_LISTED
    )
    head = texts.PROGRESS_HEAD.format(
        title=definition.title,
        period=period_label(period),
        done=vn_int(total - missing),
        total=vn_int(total),
    )
    if not missing:
        return [Reply(f"{head}\n{texts.PROGRESS_ALL_DONE}")]
    lines = [head, texts.PROGRESS_MISSING, *(f"• {name}" for name in names)]
    if missing > MAX_LISTED:
        lines.append(texts.PROGRESS_MORE.format(count=vn_int(missing - MAX_LISTED)))
    # Only units that still owe the report: a unit that sent it meanwhile needs no reminder.
    unreachable = await outbox.unreachable_units(
        turn.session, survey_id=definition.id, period=period
    )
    if unreachable:
        lines += [texts.PROGRESS_UNREACHABLE, *_listed(unreachable)]
    waiting = await outbox.waiting_units(turn.session, survey_id=definition.id, period=period)
    if waiting:
        lines += [texts.PROGRESS_WAITING, *_listed(waiting)]
    return [Reply("\n".join(lines))]


def _listed(names: list[str]) -> list[str]:
    """Bullets for the first `MAX_LISTED` names and a count of the rest."""
    lines = [f"• {name}" for name in names[:MAX_LISTED]]
    if len(names) > MAX_LISTED:
        lines.append(texts.PROGRESS_MORE.format(count=vn_int(len(names) - MAX_LISTED)))
    return lines
