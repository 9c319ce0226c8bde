"""Free text typed at a report's free-text question (7, 8) that reads as an instruction to the
assistant rather than an answer: «Gửi đi», «xong», a button's label, «Sửa câu 3», or a bare
number that would be a button's position on a numbered list («2»: «Bỏ qua»). It is never
stored silently: the official is asked first, the text kept aside until they choose
(«Ghi như vậy» stores it; another answer typed instead is stored as usual).

At any other question an edit typed («Sửa câu 3») simply opens that question; at a free-text
question the same words may be the answer, so this is the one place that asks.
"""

from __future__ import annotations

import re

from handlers import texts
from handlers.choices import fold, match_typed, unseen_number, without_politeness
from handlers.context import Turn
from handlers.messages import Choice, Reply
from handlers.survey_report import STATE, Report
from handlers.survey_view import KEY_BACK, KEY_EDIT, KEY_KEEP_TEXT, KEY_SKIP
from knowledge.surveys import Question

__all__ = ["PENDING", "ask_about", "typed_edit"]

# The conversation's key for the text asked about, stored by «Ghi như vậy».
PENDING = "confirm"
# «Sửa câu 3», «sua cau 3», «Sửa 3» (folded, a final «.» or «!» dropped).
_EDIT_TYPED = re.compile(r"^sua(?: cau)? (\d{1,2})$")
# Typed at a free-text question, these read as an instruction to the assistant (send, done)
# rather than an answer (folded, polite words dropped). Every button label of the flow is one
# of them: typed where its button is not offered, it is never stored silently («Bỏ các thay
# đổi» typed at an edit of question 7, say).
_COMMAND_LIKE = frozenset(
    {
        fold(texts.SURVEY_SUBMIT),
        fold(texts.SURVEY_RESUBMIT),
        fold(texts.SURVEY_EDIT_PICK),
        fold(texts.SURVEY_DONE),
        fold(texts.SURVEY_DISCARD),
        fold(texts.SURVEY_DISCARD_YES),
        fold(texts.SURVEY_DISCARD_NO),
        fold(texts.SURVEY_KEEP_TEXT),
        fold(texts.SURVEY_BACK),
        fold(texts.SURVEY_SKIP),
        fold(texts.CHOICE_REPORT_NOW),
        fold(texts.CHOICE_FIX_REPORT),
        "gui",
        "gui di",
        "gui luon",
        "gui bao cao di",
        "nop",
        "nop di",
        "nop bao cao",
        "xong",
        "xong roi",
        "hoan thanh",
        "ket thuc",
        "xac nhan",
        "tiep",
        "tiep tuc",
    }
)


def typed_edit(text: str) -> str | None:
    """The question number in a typed "Sửa câu 3" (with or without diacritics, or «Sửa 3»;
    polite words around it do not matter: «Dạ sửa câu 3 ạ»)."""
    match = _EDIT_TYPED.match(without_politeness(fold(text).rstrip(".!")))
    return match[1] if match else None


def _is_command_like(text: str) -> bool:
    """Whether free text reads as «send it», «done» rather than as an answer."""
    return without_politeness(fold(text).rstrip(".!")) in _COMMAND_LIKE


def _numbered_button(turn: Turn) -> Choice | None:
    """The question's own button («Quay lại», «Bỏ qua») a bare number typed on a channel
    without numbered choices would be on a numbered list; None for any other text."""
    text = turn.inbound.text
    if not unseen_number(turn.inbound.channel, text):
        return None
    offered = turn.conversation.choices
    key = match_typed(text, offered)
    label = next((str(item[1]) for item in offered if item[0] == key), None)
    if key not in (KEY_BACK, KEY_SKIP) or label is None:
        return None
    return Choice(key, label)


def ask_about(turn: Turn, report: Report, question: Question) -> Reply | None:
    """At a free-text question, the question to ask before storing text that reads as an
    instruction; None when the text is an answer. The text is kept aside (`PENDING`)."""
    text = turn.inbound.text.strip()
    number = report.definition.number_of(question.id)
    target = typed_edit(text)
    if target is not None and report.numbered(target) is not None:
        asked = texts.SURVEY_TEXT_LOOKS_LIKE_AN_EDIT.format(
            text=text, target=target, number=number
        )
        edit = Choice(KEY_EDIT + target, texts.SURVEY_EDIT_NUMBER.format(number=target))
        choices = [edit, Choice(KEY_KEEP_TEXT, texts.SURVEY_KEEP_TEXT)]
    elif target is not None:
        # «Sửa câu 12» in a report of 8: no such question to open; the words may be the answer.
        asked = texts.SURVEY_TEXT_NAMES_NO_QUESTION.format(text=text, target=target, number=number)
        choices = [Choice(KEY_KEEP_TEXT, texts.SURVEY_KEEP_TEXT)]
        if not question.required:
            choices.append(Choice(KEY_SKIP, texts.SURVEY_SKIP))
    elif (button := _numbered_button(turn)) is not None:
        # «2» on the web chat, whose «Quay lại» and «Bỏ qua» carry no numbers: the answer, or
        # the button it would be on a numbered list? Asked, as a bare count at question 6 is.
        asked = texts.SURVEY_NUMBER_OR_BUTTON.format(
            typed=text, number=number, button=button.label
        )
        choices = [Choice(KEY_KEEP_TEXT, texts.SURVEY_KEEP_TEXT), button]
    elif _is_command_like(text):
        choices = [Choice(KEY_KEEP_TEXT, texts.SURVEY_KEEP_TEXT)]
        if question.required:
            asked = texts.SURVEY_TEXT_LOOKS_LIKE_A_COMMAND_REQUIRED
        else:
            asked = texts.SURVEY_TEXT_LOOKS_LIKE_A_COMMAND
            choices.append(Choice(KEY_SKIP, texts.SURVEY_SKIP))
        asked = asked.format(text=text, number=number)
    else:
        return None
    turn.set_state(STATE, {**turn.conversation.data, PENDING: text})
    return Reply(asked, tuple(choices))
