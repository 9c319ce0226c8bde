"""The help text as the assistant sends it with the default coordinating office."""

from handlers import texts
from knowledge.changes import COORDINATING_OFFICE

HELP_TEXT = texts.HELP.format(office=COORDINATING_OFFICE)
