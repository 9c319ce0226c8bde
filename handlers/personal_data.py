"""What the assistant keeps about me (`/toi`) and erasing it (`/xoathongtin`), Law 91/2025/QH15.

Both read one collector, `storage.personal.collect`, which `cdsbot personal-data export` also
prints: a chat shows the same facts the office can export.
"""

from __future__ import annotations

from typing import Final

from handlers import consent, texts
from handlers.accounts import shown_account
from handlers.context import Turn
from handlers.dates import local_time
from handlers.messages import Choice, Reply, ReplyTag
from handlers.numbers import vn_int
from handlers.survey_view import period_label
from storage import personal
from storage.models import Identity

PREFIX = "pd:"
KEY_ERASE = "pd:erase"
KEY_KEEP = "pd:keep"
# Reports listed in `/toi`; more are counted (a message stays short on a phone).
REPORTS_SHOWN: Final = 8
# Old names and positions listed in `/toi` from the audit log; more are counted.
CORRECTIONS_SHOWN: Final = 5


async def ask(turn: Turn) -> list[Reply]:
    """Say what erasing means and ask for a confirmation (a survey in progress pauses)."""
    turn.set_state("idle")
    choices = (Choice(KEY_ERASE, texts.ERASE_YES), Choice(KEY_KEEP, texts.ERASE_NO))
    text = texts.ERASE_CONFIRM if _has_record(turn) else texts.ERASE_CONFIRM_UNREGISTERED
    return [Reply(text, choices)]


def _has_record(turn: Turn) -> bool:
    """Whether a person record (name, position) is kept for this account: its official's, or
    the one it was detached from."""
    identity = turn.identity
    return identity.official_id is not None or identity.former_official_id is not None


async def on_choice(turn: Turn) -> list[Reply]:
    """The confirmation's answer: erase now, or keep everything."""
    if turn.choice != KEY_ERASE:
        return [Reply(texts.ERASE_KEPT)]
    text = texts.ERASED if _has_record(turn) else texts.ERASED_UNREGISTERED
    await personal.erase(turn.session, turn.identity, now=turn.now, current=turn.conversation)
    return [Reply(text, tag=ReplyTag.ERASED)]


def _account(turn: Turn, account: Identity) -> str:
    line = texts.WHOAMI_ACCOUNT.format(
        channel=texts.CHANNEL_NAMES.get(account.channel, account.channel),
        account=shown_account(account.channel, account.external_id),
        since=local_time(account.created_at, turn.services.zone),
    )
    return line + (texts.WHOAMI_ACCOUNT_BLOCKED if account.blocked else "")


def _reports(turn: Turn, kept: personal.Kept) -> list[str]:
    if not kept.reports:
        return [texts.WHOAMI_NO_REPORTS]
    lines = [texts.WHOAMI_REPORTS]
    for report in kept.reports[:REPORTS_SHOWN]:
        definition = turn.services.surveys.get(report.survey_id)
        lines.append(
            texts.WHOAMI_REPORT.format(
                title=definition.title if definition else report.survey_id,
                period=period_label(report.period),
                status=texts.EXPORT_STATUS.get(report.status, report.status),
            )
        )
    if len(kept.reports) > REPORTS_SHOWN:
        lines.append(texts.WHOAMI_REPORTS_MORE.format(count=len(kept.reports) - REPORTS_SHOWN))
    return lines


def _audit(turn: Turn, kept: personal.Kept) -> list[str]:
    """The old names and positions the audit log keeps from my corrections, and how many
    entries it keeps about me."""
    lines: list[str] = []
    shown = [
        entry
        for entry in personal.corrections(kept)
        if isinstance(entry.detail.get("old"), str) and entry.detail["old"]
    ]
    if shown:
        lines.append(texts.WHOAMI_CORRECTIONS)
    for entry in shown[:CORRECTIONS_SHOWN]:
        field = str(entry.detail.get("field", ""))
        lines.append(
            texts.WHOAMI_CORRECTION.format(
                field=texts.WHOAMI_FIELDS.get(field, field),
                old=entry.detail["old"],
                at=local_time(entry.at, turn.services.zone),
            )
        )
    if len(shown) > CORRECTIONS_SHOWN:
        lines.append(texts.WHOAMI_CORRECTIONS_MORE.format(count=len(shown) - CORRECTIONS_SHOWN))
    if kept.audit:
        kept_for = consent.duration(turn.services.retention.audit_log)
        lines.append(texts.WHOAMI_AUDIT.format(count=vn_int(len(kept.audit)), kept=kept_for))
    return lines


async def kept_text(turn: Turn) -> str | None:
    """Everything kept about the official writing, in words (with the record the account was
    last detached from); None when nothing but the chat account is kept."""
    kept = await personal.collect(turn.session, turn.identity)
    official = kept.official or kept.former
    if official is None:
        return None
    unit = kept.unit if kept.official else kept.former_unit
    lines = [
        texts.WHOAMI_KEPT.format(
            name=official.full_name,
            position=official.position,
            unit=unit.name if unit else texts.UNIT_UNKNOWN,
            role=texts.ROLE_NAMES.get(official.role, official.role),
        ),
        texts.WHOAMI_ACCOUNTS,
        *(_account(turn, account) for account in kept.accounts),
    ]
    if official.consent_at is None:
        lines.append(texts.WHOAMI_NO_CONSENT)
    else:
        at = local_time(official.consent_at, turn.services.zone)
        lines.append(texts.WHOAMI_CONSENT.format(at=at, version=official.consent_notice))
    if kept.official and (former := kept.former) is not None:
        lines.append(
            texts.WHOAMI_FORMER.format(
                name=former.full_name,
                position=former.position,
                unit=kept.former_unit.name if kept.former_unit else texts.UNIT_UNKNOWN,
            )
        )
    lines += _reports(turn, kept)
    lines += _audit(turn, kept)
    lines.append(texts.WHOAMI_PENDING.format(count=vn_int(kept.pending_messages)))
    retention = turn.services.retention
    lines.append(
        texts.WHOAMI_QUESTIONS.format(questions=consent.duration(retention.unanswered_question))
    )
    return "\n".join(lines)


def unregistered_text(turn: Turn) -> str:
    """`/toi` before registering: how to register, and the one thing kept (the chat account)."""
    idle = consent.duration(turn.services.retention.identity)
    registered = texts.WHOAMI_UNREGISTERED.format(office=turn.services.coordinating_office)
    return registered + "\n\n" + texts.WHOAMI_UNREGISTERED_KEPT.format(idle=idle)
