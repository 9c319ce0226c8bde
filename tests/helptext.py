"""The help text as the assistant sends it with the default coordinating office."""

from handlers import texts
from knowledge.changes import COORDINATING_OFFICE

# To someone not registered: the commands, then how to register.
HELP_TEXT = f"{texts.HELP}\n{texts.HELP_INVITE.format(office=COORDINATING_OFFICE)}"
