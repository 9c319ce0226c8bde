"""What has changed since the plan (knowledge/changes.yaml), asked in chat: "có gì thay đổi so
với kế hoạch", "sở tttt giờ là sở nào", "cấp huyện còn không"."""

from __future__ import annotations

from handlers import texts
from handlers.dates import change_date
from handlers.messages import Choice, Reply
from knowledge.changes import Change

# Up to this many changes are listed with their legal documents; a longer list names them only,
# so it fits one phone screen.
_DETAILED = 2


def _line(change: Change) -> str:
    what = change.what or change.note
    if change.when is None:
        return texts.CHANGES_UNDATED.format(what=what)
    return texts.CHANGES_LINE.format(date=change_date(change.when), what=what)


def changes_reply(changes: list[Change], *, office: str, choices: tuple[Choice, ...]) -> Reply:
    """The changes asked about, with their documents when few, and where they come from."""
    detailed = len(changes) <= _DETAILED
    lines = [texts.CHANGES_HEAD]
    for change in changes:
        lines.append(_line(change))
        if detailed and change.document:
            basis = " ".join(change.document.split())
            if change.source_to_confirm:
                basis += texts.CHANGES_UNCONFIRMED
            lines.append(texts.CHANGES_BASIS.format(document=basis))
    if not detailed:
        lines.append(texts.CHANGES_DETAIL_HINT)
    lines.append(texts.CHANGES_SOURCE.format(office=office))
    return Reply("\n".join(lines), choices)
