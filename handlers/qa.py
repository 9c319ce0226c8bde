"""Questions about the plan: cited answers, follow-up sections, did-you-mean when abstaining."""

from __future__ import annotations

from handlers import live, texts
from handlers.changes import changes_reply
from handlers.context import Turn
from handlers.messages import Choice, Reply, ReplyTag
from handlers.person_names import is_surely_a_name, looks_like_name
from knowledge import Answer, Source, parse_section_key, section_key
from knowledge.changes import Change
from knowledge.compose import section_label
from knowledge.compounds import splits_word
from knowledge.keys import faq_key, parse_faq_key, wants_whole
from knowledge.normalize import is_valid_syllable, tokenize
from knowledge.phrases import CUT_MORE, MORE_ITEMS
from storage import queries
from storage.faq import active_entries as active_faq_entries
from storage.knowledge import record_unanswered

# "(còn 3 ý khác trong mục này)" already says there is more.
_MORE_ITEMS = MORE_ITEMS.split("{", 1)[0]
# A spreadsheet formula or markup is no question (tried on the assistant, not asked of it).
_NOT_A_QUESTION_START = ("=", "+", "@", "<", "{", "[")
# Buttons show a section's title, cut so a phone shows the label on one or two lines.
LABEL_MAX = 64


def cut_label(label: str, limit: int = LABEL_MAX) -> str:
    """A button label of at most ``limit`` characters, cut between words ("…" marks the cut),
    not between the two syllables of one word ("năng lực", "Chuyển đổi số") while at least
    half the label is left."""
    words = " ".join(label.split()).split(" ")
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    kept = 1
    while kept < len(words) and len(" ".join(words[: kept + 1])) <= limit - 1:
        kept += 1
    while kept > 1 and splits_word(words[kept - 1], words[kept]):
        if len(" ".join(words[: kept - 1])) < limit // 2:
            break
        kept -= 1
    head = " ".join(words[:kept])[: limit - 1]
    return head.rstrip(" ,;:…") + "…"


def _label(source: Source, *, did_you_mean: bool) -> str:
    """A button naming a section: "Mục IV.2.c: …", "Khoản 2 Điều 5: …", "Phần mở đầu (căn
    cứ)"."""
    part = texts.QA_PARTS.get(source.section)
    if part is not None:
        template = texts.QA_DID_YOU_MEAN_PART if did_you_mean else texts.QA_SEE_ALSO_PART
    elif source.section.startswith(("Điều", "Chương")):
        template = texts.QA_DID_YOU_MEAN_ARTICLE if did_you_mean else texts.QA_SEE_ALSO_ARTICLE
    else:
        template = texts.QA_DID_YOU_MEAN if did_you_mean else texts.QA_SEE_ALSO
    title = source.title.rstrip("…")
    label = section_label(source.section)
    shown = template.format(section=source.section, label=label, title=title, part=part)
    return cut_label(shown[:1].upper() + shown[1:])


def reply_to(answer: Answer) -> Reply:
    """An answer as a reply, with a button per related section and «Xem đầy đủ» when cut."""
    did_you_mean = answer.kind == "abstain" or answer.unsure
    choices = tuple(
        Choice(section_key(source.doc, source.section), _label(source, did_you_mean=did_you_mean))
        for source in answer.related
    )
    text = answer.text
    if choices and answer.listed:
        # The closest sections are the buttons: listing them in the text as well filled a
        # phone screen. Where no buttons show (mid-report), `without_buttons` lists them.
        text = "\n".join(text.split("\n")[: -answer.listed])
    if answer.more and (answer.faq or answer.sources):
        if answer.faq:
            key = faq_key(answer.faq)
        else:
            key = section_key(answer.sources[0].doc, answer.sources[0].section, whole=True)
        choices = (Choice(key, texts.QA_SHOW_ALL), *choices)
        if _MORE_ITEMS not in text:
            # Said only where the button is offered (not in `cdsbot ask`, nor mid-report).
            text += "\n" + CUT_MORE
    tag = {"answer": ReplyTag.ANSWER, "abstain": ReplyTag.REFUSAL}.get(answer.kind, ReplyTag.NONE)
    return Reply(text, choices, tag=tag)


def without_buttons(reply: Reply) -> Reply:
    """A reply shown without its buttons (mid-report): a cut answer says how to read the rest
    instead of pointing at «Xem đầy đủ», and a refusal lists its closest sections as text."""
    text = reply.text
    if text.endswith("\n" + CUT_MORE):
        text = text.removesuffix(CUT_MORE) + texts.QA_CUT_MID_REPORT
    if reply.tag is ReplyTag.REFUSAL and reply.choices:
        text += "".join(f"\n{texts.QA_LISTED.format(label=c.label)}" for c in reply.choices)
    return Reply(text, tag=reply.tag)


def _is_question_text(text: str) -> bool:
    """Whether text could be a question for the office to look at: a Vietnamese word in it, and
    no formula or markup («=SUM(A1:A9)», «<script>…») that only tries the assistant out."""
    stripped = text.lstrip()
    if stripped.startswith(_NOT_A_QUESTION_START):
        return False
    return any(
        len(token) >= 2 and not token.isdigit() and is_valid_syllable(token)
        for token in tokenize(text)
    )


def _changes(turn: Turn, changes: list[Change]) -> Reply:
    """What changed since the plan, with the plan's own answer a press away when it has one."""
    plan = turn.services.kb.answer(turn.inbound.text)
    choices: tuple[Choice, ...] = ()
    if plan.answered:
        cited = plan.sources[0]
        label = cut_label(texts.CHANGES_PLAN_CHOICE.format(label=section_label(cited.section)))
        choices = (Choice(section_key(cited.doc, cited.section), label),)
    return changes_reply(changes, office=turn.services.coordinating_office, choices=choices)


async def ask(turn: Turn) -> list[Reply]:
    """Answer free text from records (deadlines, reports), the office's FAQ entries or the
    plan; keep what none can answer for the provincial office."""
    from_records = await live.answer(turn)
    if from_records is not None:
        return from_records
    kb = turn.services.kb
    changes = kb.changes_asked(turn.inbound.text)
    if changes:
        return [_changes(turn, changes)]
    if is_surely_a_name(turn.inbound.text):
        # "Nguyễn Văn Bảo" is not a question: no plan section shares a name's words by intent.
        return [Reply(texts.QA_NAME_TYPED)]
    # Entries the provincial office wrote in the console answer first, at once.
    extra = await active_faq_entries(turn.session, revision=turn.faq_revision)
    office = turn.services.coordinating_office
    answer = kb.answer_from_faq(turn.inbound.text, extra, by=office) or kb.answer(
        turn.inbound.text, today=turn.today, office=office
    )
    text = turn.inbound.text
    if answer.kind == "abstain" and _is_question_text(text) and not looks_like_name(text):
        # A name typed outside registration (after «Không đồng ý», say) is not kept, nor a
        # bare number (an answer typed where no report question was open).
        official = await queries.official_of(turn.session, turn.identity)
        record_unanswered(
            turn.session,
            question=turn.inbound.text,
            channel=turn.inbound.channel,
            unit_id=official.unit_id if official else None,
            now=turn.now,
        )
    return [reply_to(answer)]


async def show_section(turn: Turn) -> list[Reply]:
    """A follow-up, did-you-mean or «Xem đầy đủ» button: the text of that section."""
    key = turn.choice or ""
    parsed = parse_section_key(key)
    answer = turn.services.kb.section(*parsed, whole=wants_whole(key)) if parsed else None
    if answer is None or not answer.answered:
        return [Reply(texts.QA_SECTION_GONE)]
    return [reply_to(answer)]


async def show_faq(turn: Turn) -> list[Reply]:
    """«Xem đầy đủ» of a FAQ answer: the whole of it, as the office has it now."""
    key = parse_faq_key(turn.choice or "")
    answer = None
    if key is not None:
        extra = await active_faq_entries(turn.session, revision=turn.faq_revision)
        answer = turn.services.kb.faq_whole(key, extra, by=turn.services.coordinating_office)
    if answer is None:
        return [Reply(texts.QA_FAQ_GONE)]
    return [reply_to(answer)]
