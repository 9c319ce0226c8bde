"""The public question-answering API: `KnowledgeBase.answer` returns an `Answer`."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from knowledge import phrases
from knowledge.bodies import load_bodies
from knowledge.changes import (
    COORDINATING_OFFICE,
    MAX_NOTES,
    Change,
    changes_named,
    load_changes,
    notes_for,
)
from knowledge.compose import (
    citation,
    compose,
    documents_named,
    fit,
    section_label,
    section_labels,
)
from knowledge.documents import Document, DocumentInfo, load_documents
from knowledge.examples import Example, example_files, load_examples
from knowledge.faq import FaqEntry, load_faq
from knowledge.glossary import Glossary, load_glossary
from knowledge.index import Entry, SectionIndex
from knowledge.intents import asks_definition, definition_words, ordinal
from knowledge.live_intents import asks_changes
from knowledge.normalize import (
    fold,
    folded_question,
    is_valid_syllable,
    tokenize,
)
from knowledge.retrieve import Hit, Query, Retriever, asks_document_name, is_stopword
from knowledge.scope import Beyond, beyond_plan
from knowledge.sections import PREAMBLE, typed_section_id
from knowledge.smalltalk import SmalltalkKind, detect_smalltalk

AnswerKind = Literal["answer", "abstain", "smalltalk", "empty"]
MAX_SOURCES = 5
MAX_RELATED_ANSWER = 2
MAX_RELATED_ABSTAIN = 3
# Longer messages are cut: nobody asks a 5,000-character question, and latency must stay low.
MAX_QUESTION_CHARS = 1000
# The first message of an answer fits one phone screen; «Xem đầy đủ» gives the whole section.
PHONE_CHARS = 600
# A best section that does not cover the question yields to a runner-up that does and scores
# at least this share of it.
RUNNER_UP_SHARE = 0.8
# A runner-up that covers every word of the question goes first over a best section that
# leaves one uncovered when it scores this close (chosen on the read sets: 0.9 was measured
# too, see README).
COVERING_RUNNER_UP_SHARE = 0.95
# Words rarer than this (idf) say what a question is about; "chuyển đổi số" (about 0.4) is
# the plan's subject, in nearly every section.
GENERIC_IDF = 0.7
# A question matches a curated FAQ entry when their content words overlap this much (Jaccard).
FAQ_MIN_OVERLAP = 0.8
# Refused for asking one of these, a question is pointed to the coordinating office.
ASK_OFFICE: frozenset[Beyond] = frozenset({"contact", "person", "money", "statistic"})
_SECTION_REF_RE = re.compile(
    r"^\s*(?:mục|muc|phần|phan)?\s*((?:[IVX]+)(?:\.\d{1,2}(?:\.[a-zđ])?)?)\s*\??\s*$",
    re.IGNORECASE,
)
# A message telling a situation first: its last sentence, at least this long, is answered
# alone when the whole is refused; shown in the reply up to MAX_SHOWN_QUESTION characters.
_SENTENCE_END_RE = re.compile(r"(?<=[.?!])\s+")
MIN_LAST_QUESTION_WORDS = 3
MAX_SHOWN_QUESTION = 90
# How far into an item its own subject may stand.
_OPENING_WORDS = 6
# "mục a phần mục đích", "điểm c mục Sở Tài chính": an item by its letter under a named heading.
_LETTER_REF_RE = re.compile(r"\b(?:muc|diem|y|khoan)\s+([a-gd])\b\s*\)?(.*)$")
_SMALLTALK_TEXT: dict[SmalltalkKind, str] = {
    "greeting": phrases.SMALLTALK_GREETING,
    "thanks": phrases.SMALLTALK_THANKS,
    "identity": phrases.SMALLTALK_IDENTITY,
    "ack": phrases.SMALLTALK_ACK,
    "bye": phrases.SMALLTALK_BYE,
}


@dataclass(frozen=True, slots=True)
class Source:
    """A cited or suggested section."""

    doc: str
    section: str
    title: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    """A reply to one message, ready to send, with the sections behind it."""

    kind: AnswerKind
    text: str
    sources: tuple[Source, ...] = ()
    related: tuple[Source, ...] = ()
    # The text was cut to a phone screen, or items were left out: the whole section can follow.
    more: bool = False
    # Answered although mistyped words were left out: the related sections are did-you-mean.
    unsure: bool = False
    # A FAQ entry's answer (`FaqEntry.key`): «Xem đầy đủ» opens the rest of it, not a section.
    faq: str = ""
    # How many of the text's last lines list `related` (a refusal's "• mục IV.1.c: …"): a chat
    # that offers them as buttons leaves these lines out.
    listed: int = 0

    @property
    def answered(self) -> bool:
        """True when the reply answers from a document (kind "answer")."""
        return self.kind == "answer"


class KnowledgeBase:
    """Documents, their index and the rules that turn a question into an `Answer`."""

    __slots__ = ("_changes", "_docs", "_faq", "_faq_words", "_index", "_retriever")

    def __init__(
        self,
        documents: list[Document],
        glossary: Glossary,
        faq: list[FaqEntry],
        changes: list[Change] | None = None,
        examples: list[Example] | None = None,
    ) -> None:
        """Build the index; prefer `KnowledgeBase.load`."""
        self._docs = documents
        self._changes = list(changes or [])
        self._index = SectionIndex(documents, glossary)
        bodies = load_bodies(glossary)
        plan_text = "\n".join(f"{s.title}\n{s.text}" for s in documents[0].sections)
        reading = glossary.extended(bodies.outside_names(plan_text, is_stopword))
        self._retriever = Retriever(self._index, reading, bodies, examples)
        plan = documents[0].doc
        self._faq = [f for f in faq if all((plan, s) in self._index.position for s in f.sections)]
        self._faq_words = [
            [self._content_words(self._retriever.analyse(q)) for q in f.questions]
            for f in self._faq
        ]

    @classmethod
    def load(
        cls,
        *,
        extra_dir: Path | None = None,
        examples: Sequence[Path] | None = None,
        held_out: Collection[str] = (),
    ) -> KnowledgeBase:
        """Load the built-in plan, documents added under ``extra_dir``, glossary, FAQ and
        the labelled example questions (``examples``: files, the shipped ones by default;
        ``held_out``: questions to leave out of them, those an evaluation asks)."""
        files = example_files() if examples is None else examples
        return cls(
            load_documents(extra_dir),
            load_glossary(),
            load_faq(),
            load_changes(),
            load_examples(files, held_out),
        )

    @property
    def changes(self) -> list[Change]:
        """What has changed since the plan (knowledge/changes.yaml)."""
        return list(self._changes)

    def changes_asked(self, question: str) -> list[Change] | None:
        """The changes a question asks about (`asks_changes`), or None when it asks none.

        A body named in the question narrows the list to its changes; "có gì thay đổi" and
        "sau sáp nhập" without one get them all; "giờ là … nào" needs a changed body.
        """
        kind = asks_changes(question)
        if kind is None:
            return None
        named = self._changes_named(question)
        if named:
            return named
        return list(self._changes) if kind != "now" and self._changes else None

    def _changes_named(self, question: str) -> list[Change]:
        """The changes to a body or thing the question names ("kon tum", "cấp huyện")."""
        return changes_named(
            self._changes,
            folded_text=folded_question(question),
            bodies=self._retriever.bodies.find(tokenize(question)),
        )

    def notes(self, sections: Collection[str], question: str = "") -> list[str]:
        """Change notes for a reply citing these sections by name, or naming a body."""
        bodies = self._retriever.bodies.find(tokenize(question))
        return notes_for(self._changes, sections=sections, bodies=bodies)

    def _notes_for(
        self, position: int, query: Query | None, *, most: int = MAX_NOTES
    ) -> tuple[str, ...]:
        entry = self._index.entries[position]
        if entry.doc != self._docs[0].doc:
            return ()
        bodies = set(self._retriever.section_bodies(position)) | set(query.bodies if query else ())
        # IV.6's note is IV.6.a's too; a heading shows its items, so theirs are its own.
        items = (c.section.id for c in self._children(entry))
        sections = (entry.section.id, *entry.ancestors, *items)
        found = notes_for(self._changes, sections=sections, bodies=bodies, most=most)
        return tuple(found)

    def documents(self) -> list[DocumentInfo]:
        """Describe the loaded documents (for `kb list`)."""
        return [
            DocumentInfo(doc=d.doc, title=d.title, sections=len(d.sections), builtin=i == 0)
            for i, d in enumerate(self._docs)
        ]

    @property
    def _doc_names(self) -> str:
        return documents_named([d.title for d in self._docs])

    def answer(
        self, question: str, *, today: date | None = None, office: str = COORDINATING_OFFICE
    ) -> Answer:
        """Answer a question typed by a user; never raises on any string.

        With ``today``, a deadline the answer leads with says whether it has passed. A refusal
        names ``office`` (the coordinating office) as the place to ask what the plan does not
        say.
        """
        text = question[:MAX_QUESTION_CHARS] if isinstance(question, str) else ""
        ref = _SECTION_REF_RE.match(text)
        if ref:
            section_id = typed_section_id(ref.group(1))
            if (self._docs[0].doc, section_id) in self._index.position:
                return self.section(self._docs[0].doc, section_id)
        lettered = self._lettered_item(text)
        if lettered is not None:
            return lettered
        smalltalk = detect_smalltalk(text)
        if smalltalk is not None:
            reply = _SMALLTALK_TEXT[smalltalk].format(docs=self._doc_names)
            return Answer("smalltalk", reply, (), ())
        query = self._retriever.analyse(text)
        if not query.concepts or self._is_garbage(query):
            return Answer("empty", phrases.EMPTY.format(docs=self._doc_names), (), ())
        if asks_document_name(query.tokens):
            return self._document_name()
        about = self._about_document(query)
        if about is not None:
            return about
        hits = self._retriever.rank(query, limit=MAX_SOURCES)
        faq = self._match_faq(query)
        if faq is not None:
            return faq
        if asks_definition(query.tokens) and all(c.weight < GENERIC_IDF for c in query.concepts):
            # "Chuyển đổi số là gì": the plan's subject, in every section, defined in none.
            return self._abstain(hits)
        hits = self._reordered(query, hits)
        beyond = self._beyond(query, hits)
        if hits and beyond is None:
            # "Sau khi hợp nhất với Kon Tum, …": what changed since the plan is no story told
            # before the question but what it asks, which the plan cannot say.
            story = not changes_named(self._changes, folded_text=folded_question(text), bodies=())
            if self._retriever.confident(query, hits[0], story=story):
                return self._answer_from(hits, query, today=today)
            if self._retriever.confident_despite_typos(query, hits[0]):
                answer = self._answer_from(
                    hits, query, room=len(phrases.UNSURE_LEAD) + 1, today=today
                )
                text = f"{phrases.UNSURE_LEAD}\n{answer.text}"
                related = tuple(self._source(h.entry, h.score) for h in hits[1:3])
                return Answer("answer", text, answer.sources, related, answer.more, unsure=True)
        if beyond is None:
            last = self._last_question(text, hits, today=today)
            if last is not None:
                return last
        return self._abstain(hits, beyond=beyond, office=office, question=text)

    def _last_question(self, text: str, hits: list[Hit], *, today: date | None) -> Answer | None:
        """A message that tells a situation before its question, refused as a whole: its
        last sentence answered alone, saying which, the whole message's best sections as
        buttons. None when that sentence is no question the plan answers either."""
        sentences = _SENTENCE_END_RE.split(text.strip())
        last = sentences[-1].strip()
        if len(sentences) < 2 or len(last.split()) < MIN_LAST_QUESTION_WORDS:
            return None
        query = self._retriever.analyse(last)
        if not query.concepts:
            return None
        found = self._reordered(query, self._retriever.rank(query, limit=MAX_SOURCES))
        if not found or not self._retriever.confident(query, found[0]):
            return None
        if self._beyond(query, found) is not None:
            return None
        shown = last if len(last) <= MAX_SHOWN_QUESTION else f"{last[: MAX_SHOWN_QUESTION - 1]}…"
        lead = phrases.LAST_QUESTION_LEAD.format(question=shown)
        answer = self._answer_from(found, query, room=len(lead) + 1, today=today)
        cited = answer.sources[0].section
        related = tuple(
            self._source(h.entry, h.score)
            for h in hits
            if self._index.entries[h.entry].section.id != cited
        )[:MAX_RELATED_ANSWER]
        text = f"{lead}\n{answer.text}"
        return Answer("answer", text, answer.sources, related, answer.more, unsure=True)

    def _reordered(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """The ranked sections with a covering runner-up or a counted item put first."""
        return self._ordinal_item(query, self._confident_first(query, hits))

    def _beyond(self, query: Query, hits: list[Hit]) -> Beyond | None:
        """The kind of fact the question asks that the best section does not state."""
        return beyond_plan(query.tokens, *self._facts(hits[0].entry)) if hits else None

    def _confident_first(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """The runner-up first when it scores nearly as well and covers the question where
        the best does not: all of it (`COVERING_RUNNER_UP_SHARE`), or enough to answer when
        the best covers too little (`RUNNER_UP_SHARE`)."""
        if len(hits) < 2:
            return hits
        first, second = hits[0], hits[1]
        if (
            first.coverage < 1.0 <= second.coverage
            and second.score >= COVERING_RUNNER_UP_SHARE * first.score
            and self._retriever.confident(query, second)
        ):
            return [second, first, *hits[2:]]
        if self._retriever.confident(query, first):
            return hits
        if second.score >= RUNNER_UP_SHARE * first.score and self._retriever.confident(
            query, second
        ):
            return [second, first, *hits[2:]]
        return hits

    def _ordinal_item(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """A heading's first, second… or last item when the question counts ("mục đích đầu
        tiên", "yêu cầu thứ hai") and the heading ranks first."""
        position = ordinal(query.tokens)
        if position is None or not hits:
            return hits
        entry = self._index.entries[hits[0].entry]
        if not entry.children or position >= len(entry.children):
            return hits
        child = self._index.position[(entry.doc, entry.children[position])]
        return [replace(hits[0], entry=child), *(h for h in hits[1:] if h.entry != child)]

    def _lettered_item(self, text: str) -> Answer | None:
        """An item named by its letter and its heading's words ("mục a phần mục đích")."""
        m = _LETTER_REF_RE.search(" ".join(fold(t) for t in tokenize(text)))
        if m is None or not m.group(2).strip():
            return None
        letter = m.group(1)
        query = self._retriever.analyse(m.group(2))
        for hit in self._retriever.rank(query, limit=MAX_SOURCES):
            entry = self._index.entries[hit.entry]
            heading = entry if entry.children else None
            if heading is None and entry.ancestors:
                heading = self._index.entries[
                    self._index.position[(entry.doc, entry.ancestors[0])]
                ]
            if heading is None:
                continue
            for child in heading.children:
                if fold(child.rsplit(".", 1)[-1]) == letter:
                    return self.section(heading.doc, child)
            return None
        return None

    def answer_from_faq(
        self, question: str, entries: Sequence[FaqEntry], *, by: str = ""
    ) -> Answer | None:
        """The answer of one of `entries` (kept outside, e.g. written in the console by the
        office named ``by``) that matches the question as closely as a curated FAQ entry
        must; None otherwise. Its citation says whose answer it is, not a quote of the plan."""
        if not entries or not isinstance(question, str):
            return None
        query = self._retriever.analyse(question[:MAX_QUESTION_CHARS])
        words = self._content_words(query)
        if not words:
            return None
        for entry in entries:
            for variant in entry.questions:
                other = self._content_words(self._retriever.analyse(variant))
                union = words | other
                if union and len(words & other) / len(union) >= FAQ_MIN_OVERLAP:
                    return self._extra_faq_answer(entry, by=by)
        return None

    def _extra_faq_answer(self, faq: FaqEntry, *, by: str, whole: bool = False) -> Answer:
        plan = self._docs[0].doc
        known = tuple(s for s in faq.sections if (plan, s) in self._index.position)
        author = phrases.FAQ_BY.format(by=by) if by else phrases.FAQ_BY_OFFICE
        if not known:
            lines = faq.answer.split("\n")
            kept, more = (lines, False) if whole else fit(lines, [f"({author})"], PHONE_CHARS)
            return Answer("answer", "\n".join([*kept, f"({author})"]), faq=faq.key, more=more)
        return self._faq_answer(replace(faq, sections=known), author=author, whole=whole)

    def faq_whole(self, key: str, entries: Sequence[FaqEntry], *, by: str = "") -> Answer | None:
        """The whole answer of the FAQ entry named ``key`` («Xem đầy đủ»): a curated one, or
        one of `entries` (the office's, as for `answer_from_faq`); None when it is gone."""
        for faq in self._faq:
            if faq.key == key:
                return self._faq_answer(faq, whole=True)
        for faq in entries:
            if faq.key == key:
                return self._extra_faq_answer(faq, by=by, whole=True)
        return None

    def section(self, doc: str, section_id: str, *, whole: bool = False) -> Answer:
        """The answer text for one section (when a suggested section is chosen).

        Cut to a phone screen, or the ``whole`` section («Xem đầy đủ»).
        """
        position = self._index.position.get((doc, section_id))
        if position is None:
            doc_name = next((d.title for d in self._docs if d.doc == doc), doc)
            text = phrases.UNKNOWN_SECTION.format(section=section_id, doc=doc_name)
            return Answer("empty", text, (), ())
        entry = self._index.entries[position]
        source = self._source(position, 1.0)
        text, more = compose(
            entry,
            self._children(entry),
            notes=self._notes_for(position, None),
            limit=None if whole else PHONE_CHARS,
            whole=whole,
            subject=self._subject(entry),
        )
        return Answer("answer", text, (source,), (), more=more and not whole)

    def _answer_from(
        self, hits: list[Hit], query: Query, *, room: int = 0, today: date | None = None
    ) -> Answer:
        """The answer from the best hit; ``room`` characters are kept free for a lead line."""
        best = self._index.entries[hits[0].entry]
        sources = tuple(self._source(h.entry, h.score) for h in hits)
        # Neither a heading the answer belongs to nor an item of the answer (quoted, or one
        # «Xem đầy đủ» opens) is worth a «Xem thêm» button.
        related = tuple(
            self._source(h.entry, h.score)
            for h in hits[1:]
            if not self._nested(self._index.entries[h.entry], best)
        )[:MAX_RELATED_ANSWER]
        wanted = frozenset(w for c in query.concepts for w in c.words) - self._index.name_words
        # Words of the answer's own titles ("Sở Nội vụ", "Mục tiêu", "Mục tiêu cụ thể") single
        # out none of its items: asked by its title, a section is wanted whole, in order.
        children = self._children(best)
        titles = [best, *(c for c in children if c.section.heading)]
        wanted -= {fold(t) for e in titles for t in tokenize(e.section.title)}

        def composed(most: int) -> tuple[str, bool]:
            return compose(
                best,
                children,
                query.tokens,
                wanted,
                notes=self._notes_for(hits[0].entry, query, most=most),
                limit=PHONE_CHARS - room,
                subject=self._subject(best),
                today=today,
            )

        # A third note where the answer still fits whole ("gửi cho ai" names the office and
        # the ministry, both renamed, under the district level's note).
        text, more = composed(MAX_NOTES + 1)
        if more:
            text, more = composed(MAX_NOTES)
        return Answer("answer", text, sources, related, more=more)

    def _subject(self, entry: Entry) -> str | None:
        """The body an item is addressed to, when its heading is that body's name."""
        if entry.section.heading or not entry.ancestors:
            return None
        parent = self._index.entries[self._index.position[(entry.doc, entry.ancestors[0])]]
        title = parent.section.title
        if not self._retriever.bodies.is_body_title(title):
            return None
        # An item that opens by naming its body ("Thủ trưởng các sở…; Chủ tịch UBND cấp
        # huyện…") has its subject already.
        opening = tokenize(entry.section.text)[:_OPENING_WORDS]
        if self._retriever.bodies.find(opening):
            return None
        # The plan's own short form keeps a three-body subject on one phone line.
        return title.replace("Ủy ban nhân dân", "UBND")

    def _abstain(
        self,
        hits: list[Hit],
        *,
        beyond: Beyond | None = None,
        office: str = COORDINATING_OFFICE,
        question: str = "",
    ) -> Answer:
        """A refusal: what the plan does not state (the kind of fact, when known), where to
        ask, the note of a change the question names (Kon Tum, the district level), and the
        closest sections."""
        related = tuple(self._source(h.entry, h.score) for h in hits[:MAX_RELATED_ABSTAIN])
        refusal = (
            phrases.ABSTAIN_BEYOND.get(beyond, phrases.ABSTAIN) if beyond else phrases.ABSTAIN
        )
        lines = [refusal.format(docs=self._doc_names)]
        notes = [c.note for c in self._changes_named(question)][:MAX_NOTES] if question else []
        # What became of a merged body or province since the plan is the office's to say.
        if (beyond in ASK_OFFICE or notes) and office:
            lines.append(phrases.ABSTAIN_ASK_OFFICE.format(office=office))
        lines += [phrases.CHANGE_NOTE.format(note=n) for n in notes]
        if related:
            lines.append(phrases.ABSTAIN_SUGGEST)
            lines.extend(_suggestion(s) for s in related)
        else:
            lines.append(phrases.ABSTAIN_NO_SUGGEST.format(docs=self._doc_names))
        sources = tuple(self._source(h.entry, h.score) for h in hits)
        return Answer("abstain", "\n".join(lines), sources, related, listed=len(related))

    def _document_name(self) -> Answer:
        """The plan's full name, from its own title, cited from its opening."""
        plan = self._docs[0]
        position = self._index.position[(plan.doc, PREAMBLE)]
        entry = self._index.entries[position]
        name = phrases.DOCUMENT_NAME.format(title=plan.title, name=plan.name or plan.title)
        notes = [phrases.CHANGE_NOTE.format(note=n) for n in self._notes_for(position, None)]
        text = "\n".join([name, citation(entry), *notes])
        return Answer("answer", text, (self._source(position, 1.0),))

    def _about_document(self, query: Query) -> Answer | None:
        """ "Kế hoạch 87/KH-UBND là gì?", "kế hoạch này là gì" name a document only: answer
        with its opening."""
        asking = definition_words(query.tokens)
        asked = {w for c in query.concepts for w in c.words} - asking
        named = bool(asking) or any(w.isdigit() for w in asked)
        for doc, words in self._index.doc_words.items():
            opening = self._index.position.get((doc, PREAMBLE))
            if asked <= words and opening is not None and named:
                source = self._source(opening, 1.0)
                entry = self._index.entries[opening]
                text, more = compose(
                    entry,
                    [],
                    query.tokens,
                    frozenset(asked),
                    notes=self._notes_for(opening, query),
                    limit=PHONE_CHARS,
                )
                return Answer("answer", text, (source,), (), more=more)
        return None

    def _match_faq(self, query: Query) -> Answer | None:
        words = self._content_words(query)
        if not words:
            return None
        for entry, variants in zip(self._faq, self._faq_words, strict=True):
            for variant in variants:
                union = words | variant
                if union and len(words & variant) / len(union) >= FAQ_MIN_OVERLAP:
                    return self._faq_answer(entry)
        return None

    def _faq_answer(
        self, faq: FaqEntry, *, author: str | None = None, whole: bool = False
    ) -> Answer:
        """A curated answer: its own words, cited as a summary of (or, written by the office,
        an answer pointing to) the plan's sections, never as a quote. Cut to a phone screen
        at a line or sentence unless ``whole``."""
        doc = self._docs[0]
        positions = [self._index.position[(doc.doc, s)] for s in faq.sections]
        sources = tuple(self._source(p, 1.0) for p in positions)
        labels = section_labels([s.section for s in sources])
        if author is None:
            cite = phrases.FAQ_SUMMARY_CITE.format(doc=doc.title, labels=labels)
        else:
            cite = phrases.FAQ_OFFICE_CITE.format(author=author, doc=doc.title, labels=labels)
        # The notes of its main section and of the bodies its own words name: a section cited
        # for one detail (III.5.b's district contact points) brings no note on what it skips.
        named = self._retriever.bodies.find(tokenize(faq.answer))
        found = dict.fromkeys(
            [
                *self._notes_for(positions[0], None),
                *notes_for(self._changes, sections=(), bodies=named),
            ]
        )
        notes = [phrases.CHANGE_NOTE.format(note=n) for n in list(found)[:MAX_NOTES]]
        lines = faq.answer.split("\n")
        # Like a plan answer, the citation and the notes stay; the answer is what gets cut.
        kept, more = (lines, False) if whole else fit(lines, [cite, *notes], PHONE_CHARS)
        text = "\n".join([*kept, cite, *notes])
        return Answer("answer", text, sources, sources[1:3], more=more, faq=faq.key)

    def _content_words(self, query: Query) -> frozenset[str]:
        names = self._index.name_words
        # Abbreviations spelled out ("CĐS" is "chuyển đổi số" in a curated question too); folded
        # words compared with folded stopwords so "lam" and "làm" are treated alike, and a
        # word typed with marks with the stopwords as written ("cần", "mấy": not "cán", "máy").
        tokens = self._retriever.glossary.spell_out(list(query.tokens))
        words = (fold(t) for t in tokens if not is_stopword(t))
        return frozenset(w for w in words if not is_stopword(w) and w not in names)

    def _is_garbage(self, query: Query) -> bool:
        """No word of the question is Vietnamese, a number or known to the documents."""
        return all(
            not is_valid_syllable(t) and fold(t) not in self._index.folded_vocab
            for t in query.tokens
        ) and all(not c.words & self._index.cited.presence.keys() for c in query.concepts)

    def _facts(self, position: int) -> tuple[str, str]:
        """What a section states (its text and its items'), and its own and ancestors' titles."""
        entry = self._index.entries[position]
        titles = [
            self._index.entries[self._index.position[(entry.doc, a)]].section.title
            for a in entry.ancestors
        ]
        if entry.section.heading:
            titles.append(entry.section.title)
        parts = [entry.section.text]
        parts += [f"{c.section.title} {c.section.text}" for c in self._children(entry)]
        return "\n".join(parts), "\n".join(titles)

    @staticmethod
    def _nested(one: Entry, other: Entry) -> bool:
        """One section holds the other (same document)."""
        return one.doc == other.doc and (
            one.section.id in other.ancestors or other.section.id in one.ancestors
        )

    def _children(self, entry: Entry) -> list[Entry]:
        """Its items; under a heading of headings ("Mục tiêu"), each heading then its items."""
        children = [
            self._index.entries[self._index.position[(entry.doc, c)]] for c in entry.children
        ]
        if children and all(not c.section.text and c.children for c in children):
            return [item for child in children for item in (child, *self._children(child))]
        return children

    def _source(self, position: int, score: float) -> Source:
        entry = self._index.entries[position]
        return Source(entry.doc, entry.section.id, entry.section.title, round(score, 4))


def _suggestion(source: Source) -> str:
    """A did-you-mean line: "• mục IV.1.c: Xem xét …", or "• Phần mở đầu" for a part whose
    title only repeats its label (never "phần mở đầu: Phần mở đầu")."""
    label = section_label(source.section)
    if fold(source.title.rstrip("…")).casefold() in fold(label).casefold():
        return phrases.RELATED_LINE_PART.format(label=label[:1].upper() + label[1:])
    return phrases.RELATED_LINE.format(label=label, title=source.title)
