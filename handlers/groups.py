"""Group chats: everyone in the group reads them, so only questions are answered there.

Registration, reports, reminders and broadcasts belong to one person and one unit; in a group
they would mix people (one member giving the code, another the position) and show a unit's
data to the whole group. The core keeps them to private chats and says so.
"""

from __future__ import annotations

from typing import Final

from handlers import reminders, survey, texts
from handlers.context import Turn
from handlers.messages import Channel, Reply

# Commands about my registration, my unit's reports and deadlines, or administration.
PRIVATE_COMMANDS: Final = frozenset({"toi", "baocao", "tiendo", "nhacviec", "thongbao"})
# Buttons of those flows (a report's answers, a reminder's, a broadcast's).
PRIVATE_CHOICES: Final = (survey.PREFIX, reminders.PREFIX, "bc:")


def is_private(turn: Turn) -> bool:
    """Whether this message asks for something that belongs in a private chat."""
    if turn.command is not None:
        # `/start CODE` redeems an invite; a bare `/start` only greets.
        return turn.command in PRIVATE_COMMANDS or (
            turn.command == "start" and bool(turn.argument)
        )
    if turn.choice is not None and turn.choice.startswith(PRIVATE_CHOICES):
        return True
    if turn.choice is None and survey.typed_edit(turn.inbound.text) is not None:
        return True  # «Sửa câu 3»: an edit of the unit's report
    return turn.typed_code is not None


def refuse(turn: Turn) -> list[Reply]:
    """Why this is not done here, how to reach the assistant in private, and a code warning."""
    text = texts.GROUP_PRIVATE_ONLY
    username = turn.services.telegram_username
    if turn.inbound.channel == Channel.TELEGRAM and username:
        text += "\n" + texts.GROUP_PRIVATE_LINK.format(username=username.lstrip("@"))
    replies = [Reply(text)]
    if turn.typed_code is not None or (turn.command == "start" and turn.argument):
        office = turn.services.coordinating_office
        replies.append(Reply(texts.GROUP_CODE_EXPOSED.format(office=office)))
    return replies
