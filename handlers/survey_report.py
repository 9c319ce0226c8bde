"""A unit's report as one turn sees it, and the replies that show it (questions, summary).

Showing a question or the summary also records in the conversation where this chat is.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from handlers import texts
from handlers.context import Turn
from handlers.dates import local_time
from handlers.messages import Choice, Reply
from handlers.survey_view import (
    KEY_DISCARD,
    KEY_EDIT_PICK,
    KEY_SUBMIT,
    period_label,
    question_reply,
    summary_line,
    summary_lines,
)
from knowledge.surveys import Question, SurveyDefinition
from storage import surveys as store
from storage.models import Official, ResponseStatus, SurveyResponse, Unit
from storage.review import ACCEPTED, CHANGED, RETURNED, review_state

STATE = "survey"
SUMMARY = ""


@dataclass(slots=True)
class Report:
    """One turn's view of the unit's report."""

    definition: SurveyDefinition
    response: SurveyResponse
    answers: dict[str, Any]
    official: Official
    unit: Unit
    due: datetime

    @property
    def response_id(self) -> int:
        assert self.response.id is not None  # noqa: S101 (a stored row)
        return self.response.id

    @property
    def submitted(self) -> bool:
        return self.response.status == ResponseStatus.SUBMITTED.value

    @property
    def pending(self) -> dict[str, dict[str, Any]]:
        """Answers edited since the last submission (a revision not yet re-confirmed)."""
        return store.pending_changes(self.response, self.answers)

    @property
    def accepted(self) -> bool:
        """Sent and accepted by the office (sending it again with changes reopens the review)."""
        return self.submitted and self.response.review == ACCEPTED

    @property
    def reopens_review(self) -> bool:
        """Sending the answers as they are would send an accepted report back for review."""
        return store.reopens_review(self.response, self.answers)

    def reopened(self, now: datetime) -> bool:
        """A draft of a past period the office reopened for late filing, still open."""
        until = self.response.reopened_until
        return not self.submitted and until is not None and until > now

    @property
    def confirmed(self) -> dict[str, Any]:
        """The answers that count: as last submitted, or the draft's."""
        return store.confirmed_answers(self.response, self.answers)

    def numbered(self, number: str) -> Question | None:
        """The relevant question shown with this number in the summary, if any."""
        relevant = self.definition.relevant_questions(self.answers)
        return next((q for q in relevant if str(self.definition.number_of(q.id)) == number), None)


def first_open(report: Report, after: str | None = None) -> Question | None:
    """The first relevant unanswered question (after `after` first, then from the start)."""
    relevant = report.definition.relevant_questions(report.answers)
    open_ = [q for q in relevant if q.id not in report.answers]
    if after is not None:
        ids = [q.id for q in report.definition.questions]
        position = ids.index(after)
        later = [q for q in open_ if ids.index(q.id) > position]
        if later:
            return later[0]
    return open_[0] if open_ else None


def resume(turn: Turn, report: Report, after: str | None = None) -> list[Reply]:
    """Ask the next open question, or show the summary when none is left."""
    question = None if report.submitted and after is None else first_open(report, after)
    if question is None:
        return [summary(turn, report)]
    return [ask(turn, report, question)]


def ask(
    turn: Turn,
    report: Report,
    question: Question,
    *,
    reason: str | None = None,
    picked: list[str] | None = None,
) -> Reply:
    if picked is None and question.type == "multiple_choice":
        stored = report.answers.get(question.id)
        picked = list(stored) if isinstance(stored, list) else []
    state: dict[str, Any] = {
        "response": report.response_id,
        "at": question.id,
        "picked": picked or [],
        "seen": answer_mark(report, question.id),
    }
    shown = _shown(turn)
    if shown:  # editing from the summary: what it showed still counts
        state["shown"] = shown
    turn.set_state(STATE, state)
    return question_reply(
        report.definition, question, report.answers, picked=picked, reason=reason
    )


def ask_to_edit(turn: Turn, report: Report, question: Question) -> Reply:
    """A question opened to be changed («Sửa câu 7», or its number after «Sửa câu trả lời»),
    headed by the report's period and unit: the chat may have been left at this step for days,
    or a report of another period sent meanwhile (a late one the office reopened)."""
    asked = ask(turn, report, question)
    head = texts.SURVEY_EDIT_HEAD.format(
        period=period_label(report.response.period),
        unit=report.unit.name,
        number=report.definition.number_of(question.id),
    )
    return Reply(head + "\n" + asked.text, asked.choices)


def answer_mark(report: Report, question_id: str) -> str:
    """A short fingerprint of a question's stored answer, as this chat was shown it: saving
    refuses to overwrite an answer a colleague changed after it was shown (the version check)."""
    if question_id not in report.answers:
        return "-"
    canonical = _canonical(report.answers[question_id])
    value = json.dumps(canonical, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _canonical(value: Any) -> Any:
    """A value as any database gives it back: a whole float is its integer (`80.0` typed is
    `80` once SQLite's JSON column has stored it), so an answer this chat saved matches the
    same answer read back on a later turn."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def summary_marks(report: Report) -> dict[str, str]:
    """Each relevant question's `answer_mark`, as the summary shows them: «Gửi báo cáo» sends
    nothing this chat was not shown."""
    relevant = report.definition.relevant_questions(report.answers)
    return {q.id: answer_mark(report, q.id) for q in relevant}


def _shown(turn: Turn) -> dict[str, str]:
    """The answers' marks as this chat last showed them in a summary (empty: none shown)."""
    shown = turn.conversation.data.get("shown")
    return {str(k): str(v) for k, v in shown.items()} if isinstance(shown, dict) else {}


def _summary_body(report: Report) -> str:
    """The summary's heading (report, period, unit) and one line per relevant question."""
    return "\n".join(
        summary_lines(
            report.definition,
            report.answers,
            unit=report.unit.name,
            period=report.response.period,
            changed=report.pending,
        )
    )


def summary(turn: Turn, report: Report, *, note: str | None = None) -> Reply:
    body = _summary_body(report)
    return _at_summary(turn, report, [note, body] if note else [body], summary_marks(report))


def pick_question(turn: Turn, report: Report) -> Reply:
    """«Sửa câu trả lời» pressed after the chat left the summary: the summary again (the
    numbers to type), then «Bạn muốn sửa câu nào?»; a number typed next opens that question."""
    summary(turn, report)  # where the chat is, and the answers as it now shows them
    turn.set_state(STATE, {**turn.conversation.data, "pick": True})
    return Reply(_summary_body(report) + "\n\n" + texts.SURVEY_WHICH_QUESTION)


def edited(turn: Turn, report: Report, question: Question) -> Reply:
    """After an edit with nothing left to answer: the changed line and the next step, not the
    whole summary again."""
    pending = report.pending
    line = summary_line(report.definition, question, report.answers, changed=pending)
    shown = _shown(turn)
    marks = {**shown, question.id: answer_mark(report, question.id)} if shown else None
    # A sent report's edit counts only once sent again: not «Đã lưu» as a draft's answer is.
    number = report.definition.number_of(question.id)
    if not report.submitted:
        head = texts.SURVEY_EDITED.format(line=line)
    elif question.id in pending:
        head = texts.SURVEY_EDITED_UNSENT.format(number=number, line=line)
    else:
        head = texts.SURVEY_EDITED_AS_SENT.format(number=number, line=line)
    return _at_summary(turn, report, [head], marks)


async def nothing_to_resend(turn: Turn, report: Report) -> Reply:
    """«Xác nhận gửi lại» (or an older «Gửi báo cáo») pressed when no answer differs from the
    report as sent: when the answers this chat showed were sent meanwhile, who sent them, when,
    and the review now; when the edits it showed were thrown away, who did so."""
    sent_at = report.response.submitted_at
    shown = _shown(turn)
    if not shown or sent_at is None:
        return _at_summary(turn, report, [texts.SURVEY_NOTHING_TO_RESEND], None)
    event = await store.last_revision_event(turn.session, report.response_id)
    if shown != summary_marks(report):
        if event is None or event[0] != "survey.revision_discarded":
            return _at_summary(turn, report, [texts.SURVEY_NOTHING_TO_RESEND], None)
        return await _discarded_by(turn, report, event[1], event[2])
    detail = event[1] if event is not None and event[0] == "survey.submit" else {}
    who = await _who(turn, report, detail.get("official_id"))
    numbers = _numbers(report, detail.get("changes"))
    changes = (
        texts.SURVEY_RESENT_CHANGES.format(numbers=", ".join(map(str, numbers))) if numbers else ""
    )
    at = local_time(sent_at, turn.services.zone)
    if await store.submission_count(turn.session, report.response_id) == 1:
        note = texts.SURVEY_SENT_BY.format(who=who, at=at)
    else:
        note = texts.SURVEY_RESENT_BY.format(who=who, at=at, changes=changes)
    status = review_status(turn, report.response)
    return _at_summary(turn, report, [f"{note} {status}" if status else note], None)


def _numbers(report: Report, changes: object) -> list[int]:
    """The question numbers of an audited ``changes`` mapping (question id → values)."""
    return sorted(
        report.definition.number_of(question)
        for question in (changes if isinstance(changes, dict) else {})
        if report.definition.question(question) is not None
    )


async def _who(turn: Turn, report: Report, official: object) -> str:
    """Who did something to the report, as a sentence starts: this official (on another
    chat), a colleague's name, or «Một cán bộ đã rời»."""
    sender = official if isinstance(official, int) else None
    if sender is not None and sender == report.official.id:
        who = texts.SURVEY_YOU_ELSEWHERE
    else:
        who = (await store.official_names(turn.session, [sender])).get(sender or 0, "")
        who = who or texts.FORMER_OFFICIAL
    return who[:1].upper() + who[1:]


async def _discarded_by(turn: Turn, report: Report, detail: dict[str, Any], at: datetime) -> Reply:
    """The edits this chat showed were thrown away by «Bỏ các thay đổi»: by whom and when."""
    who = await _who(turn, report, detail.get("official_id"))
    numbers = _numbers(report, detail.get("changes"))
    zone = turn.services.zone
    sent = report.response.submitted_at or report.response.updated_at
    note = texts.SURVEY_DISCARDED_BY.format(
        who=who,
        count=len(numbers),
        numbers=", ".join(map(str, numbers)),
        at=local_time(at, zone),
        sent=local_time(sent, zone),
    )
    return _at_summary(turn, report, [note], None)


def noted(turn: Turn, report: Report, note: str) -> Reply:
    """A note, then what to do at the summary (the answers as this chat has shown them)."""
    return _at_summary(turn, report, [note], _shown(turn) or None)


def next_step(turn: Turn, report: Report) -> Reply:
    """At the summary, something that is neither a choice nor «Sửa câu N»: what to do, naming
    only the buttons this step offers («Xác nhận gửi lại» and «Bỏ các thay đổi» while edits
    of a sent report wait, «Gửi báo cáo» for a draft)."""
    buttons = ", ".join(
        (
            texts.SURVEY_HINT_PICK if choice.key == KEY_EDIT_PICK else texts.SURVEY_HINT_BUTTON
        ).format(label=choice.label)
        for choice in _summary_choices(report)
    )
    hint = texts.SURVEY_SUMMARY_HINT.format(buttons=buttons)
    return _at_summary(turn, report, [hint], _shown(turn) or None)


def back_to_summary(turn: Turn, report: Report) -> Reply:
    """After a question answered at the summary: the report's choices again, briefly."""
    return _at_summary(turn, report, [texts.SURVEY_BACK_TO_SUMMARY], _shown(turn) or None)


def _at_summary(
    turn: Turn, report: Report, parts: list[str], shown: dict[str, str] | None
) -> Reply:
    """`parts`, then what to do at the summary (send or edit), with those two choices.

    `shown`: the answers' marks as this chat has shown them (None: as they are now)."""
    zone = turn.services.zone
    pending = report.pending
    if report.submitted and report.response.submitted_at is not None:
        at = local_time(report.response.submitted_at, zone)
        due = local_time(report.due, zone)
        if pending:
            footer = texts.SURVEY_SUMMARY_PENDING.format(
                at=at, due=due, count=len(pending), mark=texts.SURVEY_CHANGED_MARK
            )
            if report.reopens_review:
                office = turn.services.coordinating_office
                footer += "\n" + texts.SURVEY_ACCEPTED_PENDING.format(office=office)
        else:
            footer = texts.SURVEY_SUMMARY_SUBMITTED.format(at=at, due=due)
    else:
        footer = texts.SURVEY_SUMMARY_DRAFT
    turn.set_state(
        STATE,
        {
            "response": report.response_id,
            "at": SUMMARY,
            "picked": [],
            "shown": summary_marks(report) if shown is None else shown,
        },
    )
    return Reply("\n\n".join([*parts, footer]), _summary_choices(report))


def _summary_choices(report: Report) -> tuple[Choice, ...]:
    """The summary's buttons: send (a sent report's only once an answer differs from it),
    edit, and, while edits of a sent report wait, throw them away."""
    pending = bool(report.pending)
    # One button to edit, then the question's number: numbered channels (Zalo, console)
    # number their choices by position, which would not match the question numbers.
    edit = Choice(KEY_EDIT_PICK, texts.SURVEY_EDIT_PICK)
    if not report.submitted:
        return (Choice(KEY_SUBMIT, texts.SURVEY_SUBMIT), edit)
    if not pending:
        return (edit,)  # nothing to re-send until an answer differs from the report as sent
    resubmit = Choice(KEY_SUBMIT, texts.SURVEY_RESUBMIT)
    return (resubmit, edit, Choice(KEY_DISCARD, texts.SURVEY_DISCARD))


def review_status(turn: Turn, response: SurveyResponse) -> str | None:
    """The office's review of a report in one sentence (chờ duyệt, đã chấp nhận, trả lại để
    sửa, chờ duyệt lại after a re-send): every chat reply that shows it says it this way.
    None for a report not sent (and not returned)."""
    state = review_state(response)
    sent = response.status == ResponseStatus.SUBMITTED.value
    if state in ("", ACCEPTED, CHANGED) and not sent:
        return None  # a draft, or a past period reopened for late filing
    if response.reviewed_at is None or not state:
        state = "waiting"
    at = local_time(response.reviewed_at, turn.services.zone) if response.reviewed_at else ""
    return texts.SURVEY_REVIEW_STATUS[state].format(
        office=turn.services.coordinating_office, at=at
    )


def closed(turn: Turn, report: Report) -> Reply:
    zone = turn.services.zone
    # Past the deadline an unconfirmed revision is void: show what was submitted.
    lines = summary_lines(
        report.definition, report.confirmed, unit=report.unit.name, period=report.response.period
    )
    closed = texts.SURVEY_CLOSED.format(
        period=period_label(report.response.period),
        unit=report.unit.name,
        due=local_time(report.due, zone),
        office=turn.services.coordinating_office,
    )
    status = review_status(turn, report.response)
    return Reply("\n".join(lines) + "\n\n" + (f"{status}\n" if status else "") + closed)


async def intro(turn: Turn, report: Report, *, is_new: bool) -> Reply:
    zone = turn.services.zone
    fields = {
        "title": report.definition.title,
        "period": period_label(report.response.period),
        "unit": report.unit.name,
        "due": local_time(report.due, zone),
        "count": len(report.definition.questions),
    }
    office = turn.services.coordinating_office
    reopened = report.reopened(turn.now)
    status = review_status(turn, report.response)
    if report.submitted and report.response.submitted_at is not None:
        at = local_time(report.response.submitted_at, zone)
        lines = [texts.SURVEY_RESUME_SENT.format(**fields, at=at)]
        lines += [status] if status else []
    elif reopened and report.response.reopened_until is not None:
        until = local_time(report.response.reopened_until, zone)
        shown = texts.SURVEY_REOPENED_INTRO if is_new else texts.SURVEY_REOPENED_RESUME
        lines = [shown.format(**fields, office=office, until=until)]
    else:
        lines = [(texts.SURVEY_INTRO if is_new else texts.SURVEY_RESUME).format(**fields)]
    if not is_new and report.response.updated_by is not None:
        names = await store.official_names(turn.session, [report.response.updated_by])
        who = names.get(report.response.updated_by) or texts.FORMER_OFFICIAL
        at = local_time(report.response.updated_at, zone)
        lines.append(texts.SURVEY_LAST_CHANGE.format(who=who, at=at))
    response = report.response
    if response.review == RETURNED and not report.submitted and status:
        said = (response.review_comment or "").strip()
        stop = "" if said.endswith((".", "!", "?", "…")) else "."
        comment = texts.SURVEY_RETURNED_NOTE.format(comment=said, stop=stop)
        lines.append(f"{status} {comment}")
    if report.accepted:
        lines.append(texts.SURVEY_ACCEPTED_NOTE.format(office=office))
    if reopened:
        lines.append(texts.SURVEY_REOPENED_LATE.format(due=fields["due"]))
    elif turn.now > report.due and not report.submitted:
        lines.append(texts.SURVEY_LATE_NOTICE.format(due=fields["due"]))
    return Reply("\n".join(lines))


def previous(report: Report, question: Question) -> Question:
    relevant = report.definition.relevant_questions(report.answers)
    ids = [q.id for q in report.definition.questions]
    position = ids.index(question.id)
    earlier = [q for q in relevant if ids.index(q.id) < position]
    return earlier[-1] if earlier else question
