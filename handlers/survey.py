"""The periodic report in chat (`/baocao`): one question per step, every answer saved at once.

State: the conversation row holds only where this chat is (`response`, `at` = the question
being asked, "" for the summary, and `picked` for a multiple choice in progress). Everything
else lives on the shared `survey_response` row and its answers, so another official of the unit,
or the same one on another channel, resumes at the first unanswered question that applies.

Deadline rules: until the period's due time the unit answers, submits, edits and re-confirms.
After it, a report never submitted may still be completed and sent once (exported as late);
a submitted report becomes read-only.

Editing a sent report makes a pending revision: the edits are saved, but exports and the
closed view keep the values last submitted until «Xác nhận gửi lại». `/huy` pauses and keeps
it; «Bỏ các thay đổi» throws it away (`handlers.survey_revision`); the deadline passing leaves
it void.
"""

from __future__ import annotations

import logging
from typing import Any

from handlers import qa, texts
from handlers import survey_instructions as instructions
from handlers import survey_report as report_view
from handlers import survey_revision as revision
from handlers.access import require_official
from handlers.choices import fold, typed_reply, unseen_number, without_politeness
from handlers.context import Turn
from handlers.dates import local_time
from handlers.messages import Choice, Reply, ReplyTag
from handlers.survey_instructions import typed_edit
from handlers.survey_report import STATE, SUMMARY, Report
from handlers.survey_typing import (
    asks_something,
    is_question,
    negative_option,
    says_none,
    says_yes,
)
from handlers.survey_values import (
    InvalidAnswer,
    none_count,
    parse_typed,
    reason_text,
    show,
    typed_count,
    unit_reason,
    wrong_measure,
)
from handlers.survey_view import (
    KEY_ANSWER,
    KEY_BACK,
    KEY_DISCARD,
    KEY_DONE,
    KEY_EDIT,
    KEY_EDIT_PICK,
    KEY_KEEP_TEXT,
    KEY_SKIP,
    KEY_SUBMIT,
    KEY_TOGGLE,
    period_label,
)
from knowledge.smalltalk import detect_smalltalk
from knowledge.surveys import YES, Option, Question, SurveyDefinition, due_at, period_of
from storage import queries
from storage import surveys as store
from storage.models import Unit
from storage.review import reopened_response

__all__ = [
    "PREFIX",
    "STATE",
    "cancel",
    "come_back",
    "edit_typed",
    "reopens",
    "start",
    "step",
    "stray_choice",
    "typed_edit",
]

logger = logging.getLogger(__name__)

PREFIX = "sv:"
# Types whose answer may be a bare number, so a typed "2" is the answer and not option 2. Not
# "text": on Zalo and the console its options are numbered ("2. Bỏ qua"), and "2" must skip.
_FREE_TYPES = frozenset({"integer", "decimal", "percent", "date"})
# The conversation's flag: a bare number at a counted question was just asked about.
_CLARIFIED = "count_or_position"


def _pick_definition(turn: Turn, unit: Unit) -> SurveyDefinition | None:
    surveys = turn.services.surveys
    if turn.argument:
        wanted = surveys.get(turn.argument.strip().lower())
        return wanted if wanted is not None and unit.kind in wanted.audience else None
    return next(
        (d for _, d in sorted(surveys.items()) if unit.kind in d.audience),
        None,
    )


async def _current(turn: Turn, *, create: bool) -> tuple[Report, bool] | list[Reply]:
    """The user's unit's report of this period (or the reopened past one) and whether it was
    started just now; or the replies that say there is none (`create`: start it if needed)."""
    official = await require_official(turn)
    if isinstance(official, list):
        return official
    unit = await turn.session.get(Unit, official.unit_id)
    assert unit is not None  # noqa: S101 (foreign key)
    definition = _pick_definition(turn, unit)
    if definition is None:
        if turn.argument:
            return [Reply(texts.SURVEY_UNKNOWN.format(survey=turn.argument))]
        return [Reply(texts.SURVEY_NONE_FOR_UNIT)]
    zone = turn.services.zone
    assert unit.id is not None  # noqa: S101 (a stored row)
    # Late filing: a past period the provincial office reopened comes first until it is sent.
    reopened = await reopened_response(
        turn.session, survey_id=definition.id, unit_id=unit.id, now=turn.now
    )
    period = reopened.period if reopened else period_of(definition, turn.now, zone)
    due = due_at(definition, period, zone)
    existing = await store.find_response(
        turn.session, survey_id=definition.id, period=period, unit_id=unit.id
    )
    if existing is None and not create:
        label = period_label(period)
        return [Reply(texts.SURVEY_NOTHING_TO_EDIT.format(period=label, unit=unit.name))]
    response = existing or await store.get_or_create_response(
        turn.session, survey_id=definition.id, period=period, unit_id=unit.id, now=turn.now
    )
    answers = await store.answers_of(turn.session, response.id or 0)
    return Report(definition, response, answers, official, unit, due), existing is None


async def start(turn: Turn) -> list[Reply]:
    """`/baocao [survey]`: open, resume or show this period's report of the user's unit."""
    current = await _current(turn, create=True)
    if isinstance(current, list):
        return current
    report, is_new = current
    if report.submitted and turn.now > report.due:
        turn.set_state("idle")
        return [report_view.closed(turn, report)]
    # Nothing entered yet (a report the office reopened has a row but no answers): the intro.
    intro = await report_view.intro(turn, report, is_new=is_new or not report.answers)
    return [intro, *report_view.resume(turn, report)]


async def edit_typed(turn: Turn) -> list[Reply]:
    """«Sửa câu 3» typed outside the report: that question of the unit's current report, as
    inside `/baocao`; without a report to edit, say so and point to `/baocao`."""
    opened = await _open_to_edit(turn)
    if isinstance(opened, list):
        return opened
    report, intro = opened
    number = typed_edit(turn.inbound.text)
    target = report.numbered(number or "")
    if target is None:
        note = texts.SURVEY_NO_SUCH_QUESTION.format(number=number)
        return [intro, report_view.summary(turn, report, note=note)]
    return [intro, report_view.ask(turn, report, target)]


async def _open_to_edit(turn: Turn) -> tuple[Report, Reply] | list[Reply]:
    """The unit's current report with its intro, to change from outside the report; or the
    replies that end there (no report; sent and past its deadline: shown read-only)."""
    current = await _current(turn, create=False)
    if isinstance(current, list):
        return current
    report, _ = current
    if report.submitted and turn.now > report.due:
        turn.set_state("idle")
        return [report_view.closed(turn, report)]
    return report, await report_view.intro(turn, report, is_new=False)


async def _load(turn: Turn) -> Report | list[Reply]:
    """This turn's report, or the replies that end the flow (unbound, closed, gone)."""
    official = await require_official(turn)
    if isinstance(official, list):
        turn.set_state("idle")
        return official
    stored_id = turn.conversation.data.get("response")
    response_id = stored_id if isinstance(stored_id, int) else 0
    response = await store.reload(turn.session, response_id)
    definition = turn.services.surveys.get(response.survey_id) if response else None
    if response is None or definition is None or response.unit_id != official.unit_id:
        turn.set_state("idle")
        return await start(turn)
    unit = await turn.session.get(Unit, response.unit_id)
    assert unit is not None  # noqa: S101 (foreign key)
    due = due_at(definition, response.period, turn.services.zone)
    answers = await store.answers_of(turn.session, response_id)
    report = Report(definition, response, answers, official, unit, due)
    if report.submitted and turn.now > due:
        turn.set_state("idle")
        return [report_view.closed(turn, report)]
    return report


async def step(turn: Turn) -> list[Reply]:
    """The flow's handler while the chat is in a report."""
    loaded = await _load(turn)
    if isinstance(loaded, list):
        return loaded
    at = turn.conversation.data.get("at", SUMMARY)
    question = loaded.definition.question(at) if at else None
    turn.choice = _pressed(turn, question)
    if question is None and _leaves_sent_report(turn, loaded):
        # Nothing is waiting at a sent report's summary: the chat is no longer held there,
        # and the message is answered as it would be outside the report.
        turn.set_state("idle")
        return await qa.ask(turn)
    if turn.inbound.choice is None and detect_smalltalk(turn.inbound.text) == "greeting":
        return await _greeted(turn, loaded, question)
    if question is None:
        return await _on_summary(turn, loaded)
    return await _on_question(turn, loaded, question)


def _pressed(turn: Turn, question: Question | None) -> str | None:
    """The button a message presses in the report. A bare number is a button's position only
    where positions are shown: on a channel that numbers its choices (Zalo, the console), or
    among a choice question's options, which the report reads as numbered on every channel
    («phương án thứ 2»). On Telegram and the web chat, whose buttons carry no numbers, it
    never presses «Quay lại», «Bỏ qua» or a button of the summary."""
    choice = turn.choice
    if choice is None or turn.inbound.choice is not None:
        return choice
    if not unseen_number(turn.inbound.channel, turn.inbound.text):
        return choice  # a label typed, or a number read from a numbered list
    option = question is not None and bool(question.options)
    return choice if option and choice.startswith((KEY_ANSWER, KEY_TOGGLE)) else None


def _leaves_sent_report(turn: Turn, report: Report) -> bool:
    """Whether a message at the summary of a sent report with no pending edit is something
    other than that summary's step (a button, «Sửa câu 3», the number after «Sửa câu
    trả lời»): a question, a greeting, anything an official types once the report is done."""
    if not report.submitted or report.pending or revision.ASKED in turn.conversation.data:
        return False
    text = turn.inbound.text.strip()
    if turn.choice is not None or not text or typed_edit(text) is not None:
        return False
    return not (turn.conversation.data.get("pick") is True and text.isdigit())


async def _greeted(turn: Turn, report: Report, question: Question | None) -> list[Reply]:
    """«Xin chào» at a step (the chat may have been left there days ago): greet back, say
    which report this is and its state (returned with the office's comment, sent, ...), then
    show the step again with what may be done there."""
    intro = await report_view.intro(turn, report, is_new=False)
    step = (
        report_view.ask(turn, report, question)
        if question is not None
        else report_view.summary(turn, report)
    )
    return [Reply(texts.SURVEY_GREETING + "\n" + intro.text), step]


async def cancel(turn: Turn) -> list[Reply]:
    """`/huy` in a report: pause it; a sent report's unconfirmed edits are kept (pending)."""
    stored_id = turn.conversation.data.get("response")
    response = await store.reload(turn.session, stored_id) if isinstance(stored_id, int) else None
    official = await queries.official_of(turn.session, turn.identity)
    definition = turn.services.surveys.get(response.survey_id) if response else None
    unit = await turn.session.get(Unit, response.unit_id) if response else None
    if (
        response is None
        or response.id is None
        or definition is None
        or unit is None
        or official is None
        or official.unit_id != response.unit_id
    ):
        turn.set_state("idle")
        return [Reply(texts.SURVEY_CANCELLED)]
    answers = await store.answers_of(turn.session, response.id)
    due = due_at(definition, response.period, turn.services.zone)
    return [revision.paused(turn, Report(definition, response, answers, official, unit, due))]


async def stray_choice(turn: Turn) -> list[Reply]:
    """A report button pressed while the chat is not in the report: reopen it; «Sửa câu trả
    lời» of a summary the chat has left asks which question, as at the summary."""
    if turn.choice == KEY_EDIT_PICK:
        return await _edit_pick(turn)
    return await start(turn)


def reopens(key: str) -> bool:
    """Whether a report button no longer offered may still be pressed while the chat is idle:
    «Sửa câu trả lời» only opens the report to edit (as «Sửa câu 3» typed does); it stores
    and sends nothing, and after the deadline the report is shown read-only."""
    return key == KEY_EDIT_PICK


async def _edit_pick(turn: Turn) -> list[Reply]:
    """The unit's current report, its summary and «Bạn muốn sửa câu nào?»; read-only after
    the deadline, and without a report the words of «Sửa câu 3»."""
    opened = await _open_to_edit(turn)
    if isinstance(opened, list):
        return opened
    report, intro = opened
    return [intro, report_view.pick_question(turn, report)]


def _typed_choice(turn: Turn, question: Question) -> str | None:
    """The choice to act on; a number typed for a number question is the answer, not a button
    (a count typed at a question asking a count in ranges: `_count_option`)."""
    if turn.inbound.choice is not None or turn.choice is None:
        return turn.choice
    typed = without_politeness(typed_reply(turn.inbound.text))
    if question.type in _FREE_TYPES and typed.isdigit():
        return None
    return turn.choice


def _count_option(turn: Turn, question: Question) -> Option | None:
    """At a choice question asking a count in ranges (question 6, «bao nhiêu buổi»), the option
    whose range holds a typed count («3 buổi», or a bare «7» on any channel). A bare number
    that could also be an option's position is asked about first (`_ambiguous_count`), and
    after that question it picks one of the two it offered: None then, as for a button."""
    if not question.counted or turn.inbound.choice is not None:
        return None
    typed = without_politeness(typed_reply(turn.inbound.text))
    if turn.conversation.data.get(_CLARIFIED) is True and typed.isdigit():
        return None
    count = typed_count(turn.inbound.text)
    return question.option_for_count(count) if count is not None else None


async def _on_question(turn: Turn, report: Report, question: Question) -> list[Reply]:
    # «3 người» at «bao nhiêu buổi»: a count of something else picks no range.
    typed = wrong_measure(question, turn.inbound.text) if question.counted else None
    if typed is not None and turn.inbound.choice is None:
        return [report_view.ask(turn, report, question, reason=unit_reason(question, typed))]
    if (ambiguous := _ambiguous_count(turn, report, question)) is not None:
        return [ambiguous]
    if (counted := _count_option(turn, question)) is not None:
        return await _read_as(turn, report, question, counted)  # «25»: «Từ bốn buổi trở lên»
    choice = _typed_choice(turn, question)
    if _opens_question(question, choice, turn.inbound.text):
        return await _on_summary(turn, report)  # "Sửa câu 2" typed in the middle of the report
    if choice is None and report.submitted and report.pending and _is_discard(turn.inbound.text):
        # «Bỏ các thay đổi» typed while editing a sent report: that step, with its yes/no
        # question naming what would go, rather than an answer to this question.
        return [revision.ask(turn, report)]
    single = question.type != "multiple_choice" and bool(question.options)
    if single and choice is None and says_none(turn.inbound.text):
        return await _negative_answer(turn, report, question)
    if single and choice is None and says_yes(question, turn.inbound.text):
        yes = question.option(YES)
        assert yes is not None  # noqa: S101 (says_yes: a yes/no pair)
        return await _read_as(turn, report, question, yes)  # «rồi», «đã phân công rồi»
    if single and choice is None and asks_something(turn.inbound.text):
        return await _answer_then_reask(turn, report, question)
    if choice == KEY_BACK:
        return [report_view.ask(turn, report, report_view.previous(report, question))]
    if choice == KEY_SKIP and not question.required:
        return await _save(turn, report, question, None)
    if question.type == "multiple_choice":
        return await _on_multiple(turn, report, question, choice)
    if question.options:
        if choice is None or not choice.startswith(KEY_ANSWER):
            return [report_view.ask(turn, report, question, reason=texts.SURVEY_INVALID["choice"])]
        option = question.option(choice.removeprefix(KEY_ANSWER))
        if option is None:
            logger.info("survey.choice_refused", extra={"response_id": report.response_id})
            return [report_view.ask(turn, report, question, reason=texts.SURVEY_STALE_CHOICE)]
        return await _save(turn, report, question, option.code)
    if question.type == "text":
        pending = turn.conversation.data.get(instructions.PENDING)
        if choice == KEY_KEEP_TEXT and isinstance(pending, str):
            return await _save(turn, report, question, pending)
        if choice is None and (asked := instructions.ask_about(turn, report, question)):
            return [asked]
    if choice is not None and choice.startswith(PREFIX):
        return [report_view.ask(turn, report, question, reason=texts.SURVEY_STALE_CHOICE)]
    try:
        value = parse_typed(question, turn.inbound.text)
    except InvalidAnswer as error:
        if (zero := await _none_count(turn, report, question)) is not None:
            return zero
        if question.type in _FREE_TYPES and is_question(turn.inbound.text):
            return await _answer_then_reask(turn, report, question)
        return [report_view.ask(turn, report, question, reason=reason_text(question, error))]
    return await _save(turn, report, question, value)


async def _none_count(turn: Turn, report: Report, question: Question) -> list[Reply] | None:
    """«chưa có gì», «không có», «chưa có buổi nào» at a count that allows 0: stored as 0,
    saying so first; naming another measure, asked again with the reason; None otherwise."""
    typed = turn.inbound.text.strip()
    try:
        zero = none_count(question, typed)
    except InvalidAnswer as error:
        return [report_view.ask(turn, report, question, reason=reason_text(question, error))]
    if zero is None:
        return None
    read_as = texts.SURVEY_NONE_READ_AS_ZERO.format(
        typed=typed,
        value=f"{zero} {question.unit}" if question.unit else str(zero),
        number=report.definition.number_of(question.id),
    )
    return await _save(turn, report, question, zero, read_as=read_as)


def _ambiguous_count(turn: Turn, report: Report, question: Question) -> Reply | None:
    """A bare number at a question asking a count in ranges (question 6) that reads two ways:
    a count («2» buổi: «Hai đến ba buổi») and an option's position («2.» «Một buổi»). Which one
    is asked, the same on every channel; None when both readings agree or only one exists."""
    typed = without_politeness(typed_reply(turn.inbound.text))
    if not question.counted or turn.inbound.choice is not None or turn.choice is None:
        return None
    if turn.conversation.data.get(_CLARIFIED) is True:
        return None  # a number now picks one of the two options the question offered
    if not (typed.isascii() and typed.isdigit()):
        return None
    count = typed_count(typed)
    option = question.option_for_count(count) if count is not None else None
    if option is None or turn.choice == KEY_ANSWER + option.code:
        return None
    labels = {str(item[0]): str(item[1]) for item in turn.conversation.choices if len(item) >= 2}
    position = labels.get(turn.choice)
    if position is None:
        return None
    asked = texts.SURVEY_COUNT_OR_POSITION.format(
        typed=typed, position=position, unit=question.unit or "", option=option.label
    )
    choices = (Choice(KEY_ANSWER + option.code, option.label), Choice(turn.choice, position))
    turn.set_state(STATE, {**turn.conversation.data, _CLARIFIED: True})
    return Reply(asked, choices)


def _opens_question(question: Question, choice: str | None, text: str) -> bool:
    """Whether this step opens another question: «Sửa câu 2» typed at a choice, number or date
    question, or the «Sửa câu 2» button offered after it was typed at a free-text question
    (where the typed words are asked about first: `handlers.survey_instructions`)."""
    if choice is not None:
        return choice.startswith(KEY_EDIT)
    return question.type != "text" and typed_edit(text) is not None


def _is_discard(text: str) -> bool:
    """Whether typed text is the «Bỏ các thay đổi» button's label."""
    return without_politeness(fold(text).rstrip(".!")) == fold(texts.SURVEY_DISCARD)


async def _negative_answer(turn: Turn, report: Report, question: Question) -> list[Reply]:
    """«chưa làm được gì» at a choice question: the option it clearly means («Không», «Chưa có
    buổi nào»), saying so; or, when none clearly fits, a polite request to pick one."""
    option = negative_option(question)
    if option is None:
        reason = texts.SURVEY_NEGATIVE_UNMATCHED.format(typed=turn.inbound.text.strip())
        return [report_view.ask(turn, report, question, reason=reason)]
    return await _read_as(turn, report, question, option)


async def _read_as(turn: Turn, report: Report, question: Question, option: Option) -> list[Reply]:
    """Store the option typed words were read as, saying so first («Mình hiểu «rồi» là «Có»
    và đã ghi cho câu 1.»)."""
    read_as = texts.SURVEY_READ_AS.format(
        typed=turn.inbound.text.strip(),
        option=option.label,
        number=report.definition.number_of(question.id),
    )
    return await _save(turn, report, question, option.code, read_as=read_as)


async def _answer_then_reask(
    turn: Turn, report: Report, question: Question, *, picked: list[str] | None = None
) -> list[Reply]:
    """Answer a question asked mid-report (from the plan or the assistant's records), then ask
    the report's question again (a multiple choice with the items picked so far)."""
    answers = await qa.ask(turn)
    # Without the answer's section buttons: the chat stays in the report, whose question
    # (and its buttons) comes last.
    plain = [qa.without_buttons(reply) for reply in answers]
    return [*plain, _back_to_question(turn, report, question, picked=picked)]


def _back_to_question(
    turn: Turn, report: Report, question: Question, *, picked: list[str] | None = None
) -> Reply:
    """«Mời bạn trả lời tiếp câu hỏi của báo cáo:» and the question, after something else."""
    asked = report_view.ask(turn, report, question, picked=picked)
    return Reply(texts.SURVEY_BACK_TO_QUESTION + "\n" + asked.text, asked.choices)


async def come_back(turn: Turn) -> list[Reply]:
    """The report's step again when the chat comes back to it (after a correction of one's
    name or position started from `/toi` in its middle): the question with its buttons, or
    the summary's next step; the edits waiting and the answers shown are as they were."""
    loaded = await _load(turn)
    if isinstance(loaded, list):
        return loaded
    at = turn.conversation.data.get("at", SUMMARY)
    question = loaded.definition.question(at) if at else None
    if question is None:
        return [report_view.back_to_summary(turn, loaded)]
    picked = turn.conversation.data.get("picked")
    kept = [str(code) for code in picked] if isinstance(picked, list) and picked else None
    return [_back_to_question(turn, loaded, question, picked=kept)]


async def _on_multiple(
    turn: Turn, report: Report, question: Question, choice: str | None
) -> list[Reply]:
    picked = [str(code) for code in turn.conversation.data.get("picked", [])]
    if choice is not None and choice.startswith(KEY_TOGGLE):
        code = choice.removeprefix(KEY_TOGGLE)
        if question.option(code) is None:
            return [
                report_view.ask(
                    turn, report, question, picked=picked, reason=texts.SURVEY_STALE_CHOICE
                )
            ]
        picked = [c for c in picked if c != code] if code in picked else [*picked, code]
        return [report_view.ask(turn, report, question, picked=picked)]
    if choice == KEY_DONE and picked:
        order = [o.code for o in question.options]
        return await _save(turn, report, question, sorted(picked, key=order.index))
    if choice is None and asks_something(turn.inbound.text):
        return await _answer_then_reask(turn, report, question, picked=picked)
    reason = texts.SURVEY_INVALID["pick"]
    return [report_view.ask(turn, report, question, picked=picked, reason=reason)]


async def _save(
    turn: Turn, report: Report, question: Question, value: Any, *, read_as: str | None = None
) -> list[Reply]:
    """Store an answer and go on; `read_as` says first how typed words were read, once
    stored."""
    seen = turn.conversation.data.get("seen")
    if isinstance(seen, str) and seen != report_view.answer_mark(report, question.id):
        return await _changed_meanwhile(turn, report, question, value)
    saved = await store.save_answer(
        turn.session,
        response_id=report.response_id,
        expected_version=report.response.version,
        question_id=question.id,
        value=value,
        official_id=report.official.id,
        identity_id=turn.identity.id,
        now=turn.now,
    )
    if not saved:
        return await _conflict(turn, report)
    edit = question.id in report.answers
    report.answers[question.id] = value
    report.response.version += 1
    shown = turn.conversation.data.get("shown")
    if isinstance(shown, dict):  # this chat typed it: it has been seen
        shown[question.id] = report_view.answer_mark(report, question.id)
    following = _after_answer(turn, report, question, edit=edit)
    notes = [note for note in (read_as, _not_applicable(report, question)) if note]
    return [Reply("\n".join(notes)), *following] if notes else following


def _not_applicable(report: Report, question: Question) -> str | None:
    """The later questions this answer makes not apply, said briefly («Câu 2 không áp dụng vì
    câu trả lời câu 1 là «Không».») rather than jumping silently to question 3; None when
    none does (or one still waits for another answer its rule reads)."""
    definition = report.definition
    later = definition.questions[definition.number_of(question.id) :]
    skipped = [
        str(definition.number_of(q.id))
        for q in later
        if q.condition is not None
        and question.id in q.condition.questions
        and q.condition.questions <= report.answers.keys()
        and not q.condition.holds(report.answers)
    ]
    if not skipped:
        return None
    number, value = definition.number_of(question.id), report.answers.get(question.id)
    if value is None:
        return texts.SURVEY_NOT_APPLICABLE_SKIPPED.format(
            numbers=", ".join(skipped), number=number
        )
    return texts.SURVEY_NOT_APPLICABLE.format(
        numbers=", ".join(skipped), number=number, value=show(question, value)
    )


def _after_answer(turn: Turn, report: Report, question: Question, *, edit: bool) -> list[Reply]:
    # A sent report goes back to the summary to re-confirm, unless the change made a new
    # question apply; a draft goes on to its next open question.
    following = report_view.first_open(report, None if report.submitted else question.id)
    if following is not None:
        return [report_view.ask(turn, report, following)]
    if edit or report.submitted:
        return [report_view.edited(turn, report, question)]
    return [report_view.summary(turn, report)]


async def _conflict(turn: Turn, report: Report) -> list[Reply]:
    logger.info("survey.conflict", extra={"response_id": report.response_id})
    fresh = await store.reload(turn.session, report.response_id)
    assert fresh is not None  # noqa: S101 (responses are never deleted)
    report.response = fresh
    report.answers = await store.answers_of(turn.session, report.response_id)
    return [Reply(texts.SURVEY_CONFLICT), *report_view.resume(turn, report)]


async def _changed_meanwhile(
    turn: Turn, report: Report, question: Question, value: Any
) -> list[Reply]:
    """A colleague changed this answer after this chat was shown it: keep theirs, say so with
    the current value, and ask again (sending the same answer again then saves it)."""
    logger.info("survey.changed_meanwhile", extra={"response_id": report.response_id})
    author = await store.answer_author(
        turn.session, response_id=report.response_id, question_id=question.id
    )
    names = await store.official_names(turn.session, [author])
    current = report.answers.get(question.id)
    notice = texts.SURVEY_CHANGED_MEANWHILE.format(
        who=names.get(author or 0) or texts.FORMER_OFFICIAL,
        number=report.definition.number_of(question.id),
        current=show(question, current)
        if question.id in report.answers
        else texts.SURVEY_UNANSWERED,
        yours=show(question, value),
    )
    return [Reply(notice), report_view.ask(turn, report, question)]


def _changed_since_shown(turn: Turn, report: Report) -> list[str]:
    """The numbers of the questions whose answers changed since this chat showed its summary
    (a colleague, or this official on another channel); empty when none was shown."""
    shown = turn.conversation.data.get("shown")
    if not isinstance(shown, dict):
        return []
    now = report_view.summary_marks(report)
    return [
        str(report.definition.number_of(question_id))
        for question_id, mark in now.items()
        if shown.get(question_id) != mark
    ]


async def _changed_before_submit(turn: Turn, report: Report, numbers: list[str]) -> Reply:
    """Send nothing yet: show the summary as it is now, saying who changed what."""
    logger.info("survey.changed_before_submit", extra={"response_id": report.response_id})
    editor = report.response.updated_by
    if editor == report.official.id:
        who = texts.SURVEY_YOU_ELSEWHERE
    else:
        names = await store.official_names(turn.session, [editor])
        who = names.get(editor or 0) or texts.FORMER_OFFICIAL
    note = texts.SURVEY_CHANGED_BEFORE_SUBMIT.format(
        who=who,
        numbers=", ".join(numbers),
        button=texts.SURVEY_RESUBMIT if report.submitted else texts.SURVEY_SUBMIT,
    )
    return report_view.summary(turn, report, note=note)


async def _on_summary(turn: Turn, report: Report) -> list[Reply]:
    if revision.ASKED in turn.conversation.data and (
        answered := await revision.answer(turn, report)
    ):
        return answered
    choice = turn.choice
    number = typed_edit(turn.inbound.text)
    typed = turn.inbound.text.strip()
    if number is None and turn.conversation.data.get("pick") is True and typed.isdigit():
        number = typed  # after «Sửa câu trả lời» a bare number is the question's number
    if number is not None:
        choice = KEY_EDIT + number
    if choice == KEY_DISCARD:
        return [revision.ask(turn, report)]
    if choice == KEY_EDIT_PICK:
        turn.set_state(STATE, {**turn.conversation.data, "pick": True})
        return [Reply(texts.SURVEY_WHICH_QUESTION)]
    if choice == KEY_SUBMIT:
        if report.submitted and not report.pending:
            # An older «Xác nhận gửi lại» (the edits were re-sent or thrown away meanwhile):
            # no new submission, no time moved.
            return [await report_view.nothing_to_resend(turn, report)]
        changed = _changed_since_shown(turn, report)
        if changed:
            return [await _changed_before_submit(turn, report, changed)]
        return await _submit(turn, report)
    if choice is not None and choice.startswith(KEY_EDIT):
        number = choice.removeprefix(KEY_EDIT)
        target = report.numbered(number)
        if target is None:
            note = texts.SURVEY_NO_SUCH_QUESTION.format(number=number)
            return [report_view.summary(turn, report, note=note)]
        return [report_view.ask_to_edit(turn, report, target)]
    if choice is None and is_question(turn.inbound.text):
        # A question about the plan at the summary (days may pass there, edits pending) is
        # answered like one at a number question; the summary's choices come last.
        answers = await qa.ask(turn)
        return [
            *(qa.without_buttons(r) for r in answers),
            report_view.back_to_summary(turn, report),
        ]
    return [report_view.next_step(turn, report)]


async def _submit(turn: Turn, report: Report) -> list[Reply]:
    missing = next(
        (
            q
            for q in report.definition.relevant_questions(report.answers)
            if q.required and report.answers.get(q.id) is None
        ),
        None,
    )
    if missing is not None:
        return [Reply(texts.SURVEY_MISSING_REQUIRED), report_view.ask(turn, report, missing)]
    done = await store.submit(
        turn.session,
        response_id=report.response_id,
        expected_version=report.response.version,
        official_id=report.official.id,
        identity_id=turn.identity.id,
        now=turn.now,
    )
    if not done:
        return await _conflict(turn, report)
    logger.info("survey.submitted", extra={"response_id": report.response_id})
    turn.set_state("idle")
    zone = turn.services.zone
    due = local_time(report.due, zone)
    lines = [
        texts.SURVEY_RECEIPT.format(
            period=period_label(report.response.period),
            unit=report.unit.name,
            at=local_time(turn.now, zone),
        )
    ]
    sent = await store.reload(turn.session, report.response_id)
    if sent is not None and (status := report_view.review_status(turn, sent)):
        lines.append(status)
    if turn.now > report.due:
        lines.append(texts.SURVEY_RECEIPT_LATE.format(due=due))
    else:
        lines.append(texts.SURVEY_RECEIPT_EDIT.format(due=due))
    return [Reply("\n".join(lines), tag=ReplyTag.SURVEY_SUBMITTED)]
