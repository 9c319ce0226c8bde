"""Questions about the plan: cited answers, follow-up sections, did-you-mean when abstaining."""

from __future__ import annotations

from handlers import texts
from handlers.context import Turn
from handlers.messages import Choice, Reply, ReplyTag
from knowledge import Answer, Source, parse_section_key, section_key
from storage import queries
from storage.knowledge import record_unanswered

# Buttons show a section's title, cut so a phone shows the label on one or two lines.
LABEL_MAX = 64


def _label(template: str, source: Source) -> str:
    label = template.format(section=source.section, title=source.title)
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _reply(answer: Answer) -> Reply:
    template = texts.QA_DID_YOU_MEAN if answer.kind == "abstain" else texts.QA_SEE_ALSO
    choices = tuple(
        Choice(section_key(source.doc, source.section), _label(template, source))
        for source in answer.related
    )
    tag = {"answer": ReplyTag.ANSWER, "abstain": ReplyTag.REFUSAL}.get(answer.kind, ReplyTag.NONE)
    return Reply(answer.text, choices, tag=tag)


async def ask(turn: Turn) -> list[Reply]:
    """Answer free text from the plan; keep what it cannot answer for the provincial office."""
    answer = turn.services.kb.answer(turn.inbound.text)
    if answer.kind == "abstain":
        official = await queries.official_of(turn.session, turn.identity)
        record_unanswered(
            turn.session,
            question=turn.inbound.text,
            channel=turn.inbound.channel,
            unit_id=official.unit_id if official else None,
            now=turn.now,
        )
    return [_reply(answer)]


async def show_section(turn: Turn) -> list[Reply]:
    """A follow-up or did-you-mean button: the text of that section."""
    parsed = parse_section_key(turn.choice or "")
    answer = turn.services.kb.section(*parsed) if parsed else None
    if answer is None or not answer.answered:
        return [Reply(texts.QA_SECTION_GONE)]
    return [_reply(answer)]
