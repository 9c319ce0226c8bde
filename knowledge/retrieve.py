"""Turn a question into weighted features, rank sections with BM25, decide to abstain."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.bodies import Bodies
from knowledge.examples import Example, ExampleIndex
from knowledge.glossary import Glossary
from knowledge.index import FloatArray, SectionIndex, Tables
from knowledge.intents import asks_duty, asks_number, asks_recipients, asks_when, how_many_at
from knowledge.normalize import (
    SHORTHAND,
    fold,
    has_diacritics,
    is_valid_syllable,
    read_kh,
    repair_token,
    spelled_out,
    tokenize,
    typed_with_marks,
)


def _words(text: str) -> list[str]:
    """Split a space-separated word list (keeps long word lists readable)."""
    return text.split()


# Function and question words: they say how a question is asked, not what it is about.
STOPWORDS = frozenset(
    _words(
        "là gì nào có không ai của và các những về được phải làm thế như thì ở đâu ra để cho tôi "
        "mình bạn em anh chị ạ à ơi nhé nhỉ hả vậy hỏi xin muốn biết cần sẽ đã đang này đó kia "
        "bao nhiêu khi nếu mà với trong theo từ lấy nói giúp hãy cái sao vì bởi nên hay hoặc còn "
        "rồi nữa chứ lên một mấy rằng tại do ạ vâng dạ bên việc chào cảm cám ơn hello hi alo ok "
        "oke thanks nhờ khác nhau chỗ so sánh giống tên bây giờ giữa bắt buộc lần hai ba thứ "
        "họ lại hết trả lời xuống tận thấy luôn"
    )
)
# Folded forms that are function words whatever their marks (so not "ban", "nen", "tu").
_FOLDED_STOPWORDS = frozenset(
    _words(
        "la lam gi nao khong ai cua va cac nhung duoc phai the nhu thi o ra cho toi minh a oi "
        "nhe nhi "
        "ha vay xin muon biet se da nay kia nhieu neu ma voi lay giup hay cai sao boi hoac con "
        "roi nua chu len mot rang vang chao hello hi alo ok oke thanks nhau cho bay gio giua "
        "bat buoc lan e ac xuong luon"
    )
)
# Function words long enough that a typo in them is still recognisable ("nhữn" → "những").
_LONG_STOPWORDS = sorted(w for w in _FOLDED_STOPWORDS if len(w) >= 4)
STOPWORD_CUTOFF = 85.0
SYNONYM_WEIGHT = 0.5
ABBREVIATION_WEIGHT = 1.0
BIGRAM_WEIGHT = 1.0
EXACT_WEIGHT = 0.35
FUZZY_CUTOFF = 80.0
# The shortest word taken for two typed without the space between them ("trienkhai").
MIN_GLUED = 5
# A mistyped word that is still a syllable is repaired to a following word this close.
CONTEXT_CUTOFF = 75.0
MAX_QUERY_TOKENS = 200
# Abstention, calibrated on the dev set (see `Retriever.confident`).
MIN_COVERAGE = 0.5
MIN_SCORE_PER_CONCEPT = 0.4
# A question about the duties of a body it names, whose best section is addressed to that
# body, is answered at a lower coverage: the rest of such a question is mostly the asker's
# story ("Sở KHCN bây giờ gánh luôn phần Sở TTTT, vậy … sở phải làm những việc gì").
DUTY_MIN_COVERAGE = 0.35
# A message of this many concepts tells a story before its question ("phòng e đang thiếu
# người, lãnh đạo muốn …, vậy kh 87 có cho …"): the story's words are no part of what is
# asked, so it too is answered at `LONG_MIN_COVERAGE`. On the read sets one out-of-scope
# question in 164 is that long (refused still); 10 of 44 in-scope ones with the right section
# first were refused at `MIN_COVERAGE`.
LONG_QUESTION_CONCEPTS = 14
LONG_MIN_COVERAGE = 0.35
# Ranking multiplies BM25 by COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage.
COVERAGE_FLOOR = 0.3
LIST_BOOST = 1.15
TIME_BOOST = 1.3
_LIST_MARKERS = frozenset({"nhung", "gom", "cac"})
_QUESTION_WORDS = frozenset({"gi", "ai", "nao"})
# Words of a document's name ("kế hoạch" in "Kế hoạch 87/KH-UBND") mostly point at the whole
# document, not at one section.
DOC_NAME_WEIGHT = 0.3
# A question about a body's duties ("Sở Nội vụ phải làm gì") multiplies the scores of the
# sections addressed to the body it names first by up to BODY_BOOST (the more of a section's
# bodies the question names, the more), and of sections addressed only to other bodies by
# OTHER_BODY_FACTOR.
BODY_BOOST = 1.3
# A broad question naming a heading ("Sở Tài chính có nhiệm vụ gì", "mục tiêu của kế hoạch")
# asks for the whole heading, not one of its items: the heading whose title it names best (at
# least MIN_TITLE_SHARE of the title's words, counted and weighted by idf), when it asks nothing
# beyond the title and generic words, gets HEADING_BOOST.
HEADING_BOOST = 2.0
# A question asking for a figure ("bao nhiêu phần trăm") prefers sections that state one.
NUMBER_BOOST = 1.6
# A question about the document itself (its name, date, legal basis, territory) is answered
# by its opening: the preamble gets META_BOOST, and those words count as the document's name.
META_BOOST = 2.0
# "Kế hoạch gửi cho những nơi nào", "Bộ có nhận kh này không" ask the «Nơi nhận» list, a few
# words long and without "gửi": it must outweigh the report's recipient (IV.1.d).
RECIPIENTS_BOOST = 4.0
_META_PHRASES = (
    ("ten", "day", "du"),
    ("ten", "goi"),
    ("ky", "ngay"),
    ("ngay", "ky"),
    ("ban", "hanh"),
    ("thuc", "hien", "theo"),
    ("dia", "ban"),
    ("so", "hieu"),
    ("to", "trinh"),
    ("de", "xuat"),
    ("thu", "tuong"),
)
# What a question calls the document when it asks for its name.
_DOCUMENT_WORDS = frozenset({("ke", "hoach"), ("van", "ban")})
MIN_TITLE_SHARE = 0.6
_BROAD_WORDS = frozenset(
    _words(
        "nhiem vu trach nhiem vai tro noi dung cong viec viec de an trien khai thuc hien chung "
        "dat ra gom bao giao co quan phan muc lam quy dinh cu the nhung gi nao"
    )
)
OTHER_BODY_FACTOR = 0.8
# A section whose examples are the closest to the question gains up to this share of the
# best section's score (knowledge/examples.py). Chosen by holding each read question set out
# of the examples in turn (0.5: top-1 +2 to +6 points on each, 0.7 and 1.0 no better).
EXAMPLE_WEIGHT = 0.5


def is_stopword(token: str) -> bool:
    """Tell whether a (canonical, lowercase) token is a function or question word."""
    return token in STOPWORDS or (not has_diacritics(token) and token in _FOLDED_STOPWORDS)


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing the question asks about: the folded words that can express it."""

    words: frozenset[str]
    weight: float
    exact: str | None = None
    # A mistyped word nothing could repair: not a Vietnamese syllable, unknown to the plan.
    garbled: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A question after normalisation, repair and glossary expansion."""

    tokens: tuple[str, ...]
    folded: dict[str, float]
    exact: dict[str, float]
    concepts: tuple[Concept, ...]
    unknown: int
    wants_list: bool
    wants_time: bool
    bodies: tuple[str, ...] = ()
    about_duty: bool = False
    wants_number: bool = False
    about_document: bool = False
    wants_figure: bool = False
    about_recipients: bool = False
    # "luật nào", "luật an ninh mạng": the laws a section cites by name count as its words.
    cites_law: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked section: index into `SectionIndex.entries`, score and coverage."""

    entry: int
    score: float
    coverage: float
    # The score before the preferences that only order sections (a body's, a named heading's,
    # a figure's, the opening's): confidence is judged on evidence, not on preferences.
    evidence: float = 0.0


class Retriever:
    """Query analysis and ranking over a built `SectionIndex`."""

    __slots__ = (
        "_choices",
        "_examples",
        "_followers",
        "_headings",
        "_name_words",
        "_section_bodies",
        "bodies",
        "glossary",
        "index",
    )

    def __init__(
        self,
        index: SectionIndex,
        glossary: Glossary,
        bodies: Bodies,
        examples: list[Example] | None = None,
    ) -> None:
        """Keep the index and glossary; prepare the fuzzy-matching vocabulary; index the
        examples (questions labelled with the plan's sections)."""
        self.index = index
        self.glossary = glossary
        self.bodies = bodies
        by_doc: dict[str, dict[str, frozenset[str]]] = {}
        for entry in index.entries:
            by_doc.setdefault(entry.doc, {})
        for doc in by_doc:
            by_doc[doc] = bodies.section_bodies([e.section for e in index.entries if e.doc == doc])
        self._section_bodies = [
            by_doc[e.doc].get(e.section.id, frozenset()) for e in index.entries
        ]
        self._choices = [w for w in index.folded_vocab if len(w) >= 2 and not w.isdigit()]
        # The words that follow each word in the documents ("trien" → "khai", ...).
        self._followers: dict[str, list[str]] = {}
        for gram in index.cited.folded.vocab:
            first, _, second = gram.partition(" ")
            if second and len(second) >= 2 and not second.isdigit():
                self._followers.setdefault(first, []).append(second)
        self._name_words = index.name_words
        # Per heading, what `_named_heading` weighs a question against: its words, their
        # idf mass and the words that may stand beside them. Fixed once the index is built.
        self._headings = [
            (
                entry,
                title,
                sum(self._idf(w) for w in title),
                _BROAD_WORDS | index.name_words | title,
            )
            for entry, title in index.titles
        ]
        plan = index.entries[0].doc if index.entries else ""
        self._examples = ExampleIndex(
            examples or [],
            lambda question: self.analyse(question).folded,
            {section: i for (doc, section), i in index.position.items() if doc == plan},
            len(index.entries),
        )

    def _respace(self, tokens: list[str]) -> list[str]:
        """Move a space typed one letter off ("nhiemv u" → "nhiem vu") when that turns a
        word that is no syllable into two words the documents know; put back a space left
        out between two syllables the documents write side by side ("trienkhai")."""
        known = self.index.folded_vocab
        out = list(tokens)
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            if is_valid_syllable(a) and is_valid_syllable(b):
                continue
            for left, right in ((a[:-1], a[-1:] + b), (a + b[:1], b[1:])):
                if left and right and fold(left) in known and fold(right) in known:
                    out[i], out[i + 1] = left, right
                    break
        return [part for token in out for part in self._unglue(token)]

    def _unglue(self, token: str) -> list[str]:
        """Split a word that is no syllable into syllables that follow each other in the
        documents ("trienkhai" → "trien khai", "chuyendoiso" → "chuyen doi so")."""
        folded = fold(token)
        if (
            len(token) < MIN_GLUED
            or is_valid_syllable(token)
            or folded in self.index.folded_vocab
            or folded in self.glossary.words
            or token in SHORTHAND
        ):
            return [token]
        for cut in range(2, len(token) - 1):
            left, right = token[:cut], token[cut:]
            if not is_valid_syllable(left):
                continue
            rest = [right] if is_valid_syllable(right) else self._unglue(right)
            if is_valid_syllable(rest[0]) and f"{fold(left)} {fold(rest[0])}" in (
                self.index.cited.folded.vocab
            ):
                return [left, *rest]
        return [token]

    def _repair(self, token: str, before: str | None, after: str | None) -> list[str]:
        """Shorthand, telex leftovers and typos, only for tokens the corpus does not know.

        A mistyped word that is still a syllable ("triển khia") is repaired only to a word
        that follows ``before`` somewhere in the documents.
        """
        folded = fold(token)
        if folded in self.index.folded_vocab or folded in self.glossary.words:
            return [token]
        full = spelled_out(token, before, after)
        if full is not None:
            return tokenize(full)
        if token in STOPWORDS:
            return [token]  # "tên" is a word of the question, not a typo for "trên"
        repaired = repair_token(token, self.index.exact_counts)
        if repaired != token:
            return [repaired]
        if token.isdigit() or len(token) < 3:
            return [token]
        if is_valid_syllable(token):
            followers = self._followers.get(fold(before)) if before else None
            if followers:
                near = process.extractOne(
                    folded, followers, scorer=fuzz.ratio, score_cutoff=CONTEXT_CUTOFF
                )
                if near:
                    return [near[0]]
        function = process.extractOne(
            folded, _LONG_STOPWORDS, scorer=fuzz.ratio, score_cutoff=STOPWORD_CUTOFF
        )
        if function:
            return [function[0]]
        if is_valid_syllable(token):
            return [token]
        best = process.extractOne(
            folded, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        return [best[0]] if best else [token]

    def analyse(self, question: str) -> Query:
        """Normalise a question into weighted folded and exact features."""
        tokens: list[str] = []
        typed = tokenize(question)[:MAX_QUERY_TOKENS]
        spaced = self._respace(read_kh(typed))
        for i, raw in enumerate(spaced):
            following = spaced[i + 1] if i + 1 < len(spaced) else None
            tokens.extend(self._repair(raw, tokens[-1] if tokens else None, following))
        folded = [fold(t) for t in tokens]
        # Judged on the words as typed: marks a repair put back ("lm" → "làm", "chuyeenr" →
        # "chuyển") say nothing of how the rest of the question was typed.
        accented = typed_with_marks(typed)
        matches = {m.start: m for m in self.glossary.find(folded)}
        # The question as the documents would say it: abbreviations spelled out.
        sequence: list[str] = []
        extras: list[tuple[tuple[str, ...], float]] = []
        concepts: list[Concept] = []
        unknown = 0
        i = 0
        while i < len(tokens):
            match = matches.get(i)
            if match is None:
                if not (is_stopword(tokens[i]) or _is_plain_co(tokens, i)):
                    concepts.append(self._concept(tokens[i], accented=accented))
                    unknown += folded[i] not in self.index.folded_vocab
                sequence.append(tokens[i])
                i += 1
                continue
            entry = match.entry
            own = tokens[match.start : match.end]
            meaning_words = {fold(w) for phrase in entry.means for w in phrase}
            if entry.kind == "abbr":
                sequence.extend(entry.means[0])
                extras.extend((phrase, ABBREVIATION_WEIGHT) for phrase in entry.means[1:])
                idf = max(self._idf(w) for w in meaning_words)
            else:
                sequence.extend(own)
                # Say it the documents' way in context too: "lập kế hoạch" → "xây dựng kế hoạch".
                before = tokens[max(match.start - 1, 0) : match.start]
                after = tokens[match.end : match.end + 1]
                extras.extend(
                    (_with_context(before, phrase, after), SYNONYM_WEIGHT)
                    for phrase in entry.means
                )
                own_words = {fold(t) for t in own if not is_stopword(t)}
                meaning_words |= own_words
                idf = max((self._idf(w) for w in own_words), default=self.index.max_idf)
            concepts.append(Concept(frozenset(meaning_words), idf))
            i = match.end
        f_weights: dict[str, float] = {}
        e_weights: dict[str, float] = {}
        for phrase, weight in [(tuple(sequence), 1.0), *extras]:
            _add_features(list(phrase), weight, f_weights, e_weights, self._name_words)
        plain = set(folded)
        wants_list = bool(plain & _LIST_MARKERS) and bool(plain & _QUESTION_WORDS)
        return Query(
            tuple(tokens),
            f_weights,
            e_weights,
            tuple(concepts),
            unknown,
            wants_list,
            asks_when(tokens),
            tuple(self.bodies.find(tokens)),
            asks_duty(tokens),
            asks_number(tokens),
            _about_document(folded),
            _asks_figure(tokens),
            asks_recipients(tokens),
            "luat" in folded,
        )

    def _concept(self, token: str, *, accented: bool) -> Concept:
        """A single-word concept; in a question typed with marks, "y" must not match "ý"."""
        folded = fold(token)
        if accented and is_valid_syllable(token) and not token.isdigit():
            idf = self.index.cited.exact.idf.get(token, self.index.max_idf)
            return Concept(frozenset({folded}), idf, exact=token)
        garbled = not (
            is_valid_syllable(token)
            or folded in self.index.folded_vocab
            or folded in self.glossary.words
        )
        return Concept(frozenset({folded}), self._idf(folded), garbled=garbled)

    def _idf(self, folded: str) -> float:
        return self.index.cited.folded.idf.get(folded, self.index.max_idf)

    def _named_heading(self, query: Query) -> int | None:
        """The heading a broad question names, if any (see `HEADING_BOOST`)."""
        asked = {w for c in query.concepts for w in c.words}
        best: tuple[float, int, int] | None = None
        for entry, title, mass, generic in self._headings:
            named = title & asked
            share = len(named) / len(title)
            if share < MIN_TITLE_SHARE:
                continue  # `min(share, weighted)` below would be too
            # Weighted by idf too: "UBND tỉnh" names little of "Văn phòng UBND tỉnh".
            weighted = sum(self._idf(w) for w in named) / mass
            if min(share, weighted) < MIN_TITLE_SHARE:
                continue
            if any(
                not (c.words & title or all(w in generic or w.isdigit() for w in c.words))
                for c in query.concepts
            ):
                continue
            key = (share, len(named), -entry)
            if best is None or key > best:
                best = key
        return -best[2] if best is not None else None

    def _tables(self, query: Query) -> Tables:
        """The sections as read for this question: with the laws they cite by name only when
        it names a law (`index.without_law_names`)."""
        return self.index.cited if query.cites_law else self.index.plain

    def coverage(self, query: Query) -> FloatArray:
        """Per section, the share of the question's idf mass whose concepts it mentions."""
        tables = self._tables(query)
        masks = tables.presence
        n = len(self.index.entries)
        total = sum(c.weight for c in query.concepts)
        covered = np.zeros(n, dtype=np.float32)
        if total <= 0:
            return covered
        for concept in query.concepts:
            if concept.exact is not None:
                mask = tables.exact_presence.get(concept.exact)
                if mask is not None:
                    covered += concept.weight * mask
                continue
            found = [masks[w] for w in concept.words if w in masks]
            if found:
                covered += concept.weight * np.logical_or.reduce(found)
        result: FloatArray = covered / total
        return result

    def rank(self, query: Query, *, limit: int = 5) -> list[Hit]:
        """Best sections first.

        BM25 over folded features plus `EXACT_WEIGHT` times BM25 over exact (diacritic)
        features, so "hạn" prefers "hạn" over "hàn" while "han" still finds both; the sum is
        scaled by how much of the question the section covers. A question asking for a list
        ("gồm những gì", "có những hoạt động gì") prefers sections that enumerate, and one
        asking when ("khi nào", "hạn") prefers sections that state a deadline or date.
        """
        tables = self._tables(query)
        bm25 = tables.folded.scores(query.folded)
        if query.exact:
            bm25 = bm25 + EXACT_WEIGHT * tables.exact.scores(query.exact)
        if not np.any(bm25 > 0):
            return []
        coverage = self.coverage(query)
        scores = bm25 * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * coverage)
        if query.wants_list:
            scores = scores * np.where(self.index.is_list, LIST_BOOST, 1.0)
        if query.wants_time:
            scores = scores * np.where(self.index.has_time, TIME_BOOST, 1.0)
        evidence = scores.copy()
        heading = None if query.wants_time or query.wants_number else self._named_heading(query)
        if heading is not None:
            scores[heading] *= HEADING_BOOST
        if query.wants_figure:
            scores = scores * np.where(self.index.has_figure, NUMBER_BOOST, 1.0)
        if query.about_document and self._opening_has_numbers(query):
            scores = scores * np.where(self.index.is_opening, META_BOOST, 1.0)
        if query.about_recipients:
            scores = scores * np.where(self.index.is_recipients, RECIPIENTS_BOOST, 1.0)
        if query.bodies and query.about_duty:
            scores = scores * self._body_factors(query.bodies)
        scores = self._with_examples(query, scores)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [
            Hit(int(i), float(scores[i]), float(coverage[i]), float(evidence[i]))
            for i in order
            if scores[i] > 0
        ]

    def _with_examples(self, query: Query, scores: FloatArray) -> FloatArray:
        """Scores raised for the sections whose examples are closest to the question."""
        closeness = self._examples.closeness(query.folded)
        closest = float(closeness.max())
        if closest <= 0:
            return scores
        gain = EXAMPLE_WEIGHT * float(scores.max()) * closeness / closest
        result: FloatArray = np.where(scores > 0, scores + gain, scores)
        return result

    def _opening_has_numbers(self, query: Query) -> bool:
        """Numbers a question gives ("QĐ 06") must be the opening's to make it about the plan."""
        numbers = {t for t in query.tokens if t.isdigit()}
        opening = np.flatnonzero(self.index.is_opening)
        return all(
            n in self.index.cited.presence and bool(self.index.cited.presence[n][opening].any())
            for n in numbers
        )

    def section_bodies(self, entry: int) -> frozenset[str]:
        """The bodies a section (by index) is addressed to."""
        return self._section_bodies[entry]

    def _body_factors(self, asked: tuple[str, ...]) -> FloatArray:
        """Per section, how much naming these bodies (the first one most) favours it."""
        wanted = set(asked)
        factors = np.ones(len(self.index.entries), dtype=np.float32)
        for i, owners in enumerate(self._section_bodies):
            if not owners:
                continue
            if asked[0] in owners:
                factors[i] = 1.0 + (BODY_BOOST - 1.0) * len(owners & wanted) / len(owners)
            elif not owners & wanted:
                factors[i] = OTHER_BODY_FACTOR
        return factors

    def confident(self, query: Query, best: Hit, *, story: bool = True) -> bool:
        """Abstention rule: answer only if the best section covers enough of the question.

        Coverage is the share of the question's idf mass (one weight per concept: a word, or a
        glossary term with its meanings) that the section, its items or the document's name
        mention; in a question typed with marks a word must match with its marks ("y" is not
        "ý"). Calibrated on ../shared/eval/dev.jsonl: the out-of-scope questions (weather, gold
        price, ID cards, marriage registration, a phone number, phở) reach at most 0.39, the
        in-scope ones at least 0.62, so `MIN_COVERAGE` sits in the middle of the gap at 0.5.
        The BM25 score per concept is no separator there (0.13-0.7 vs 0.61 and up);
        `MIN_SCORE_PER_CONCEPT` = 0.4 only rejects matches on a stray common word. A question
        about the duties of the body the best section is addressed to needs only
        `DUTY_MIN_COVERAGE`, a long message only `LONG_MIN_COVERAGE` unless not ``story``
        (its words the plan lacks are what it asks: what changed since the plan).
        """
        n = max(len(query.concepts), 1)
        owned = bool(query.bodies) and query.bodies[0] in self.section_bodies(best.entry)
        floor = DUTY_MIN_COVERAGE if owned and query.about_duty else MIN_COVERAGE
        if story and n >= LONG_QUESTION_CONCEPTS:
            floor = min(floor, LONG_MIN_COVERAGE)
        return best.coverage >= floor and best.evidence / n >= MIN_SCORE_PER_CONCEPT

    def confident_despite_typos(self, query: Query, best: Hit) -> bool:
        """The abstention rule with mistyped words nothing could repair left out.

        Several typos in one question can hold its coverage under `MIN_COVERAGE` although the
        right section ranks first: the answer is then given, marked unsure (did-you-mean), when
        the rest of the question (at least two concepts) is covered well enough.
        """
        clean = [c for c in query.concepts if not c.garbled]
        if len(clean) == len(query.concepts) or len(clean) < 2:
            return False
        total = sum(c.weight for c in clean)
        garbled = sum(c.weight for c in query.concepts if c.garbled)
        coverage = best.coverage * (total + garbled) / total if total > 0 else 0.0
        return coverage >= MIN_COVERAGE and best.evidence / len(clean) >= MIN_SCORE_PER_CONCEPT


def _add_features(
    phrase: list[str],
    weight: float,
    folded: dict[str, float],
    exact: dict[str, float],
    damped: frozenset[str],
) -> None:
    """Add a phrase's content unigrams and bigrams, folded and (if marked) exact."""
    stop = [is_stopword(t) for t in phrase]
    marked = list(zip(phrase, stop, strict=True))
    grams: list[tuple[str, ...]] = [(t,) for t, s in marked if not s]
    grams += [(a, b) for (a, sa), (b, sb) in pairwise(marked) if not (sa or sb)]
    for gram in grams:
        w = weight if len(gram) == 1 else weight * BIGRAM_WEIGHT
        key = " ".join(fold(t) for t in gram)
        if all(fold(t) in damped for t in gram):
            w *= DOC_NAME_WEIGHT
        folded[key] = max(folded.get(key, 0.0), w)
        if any(has_diacritics(t) for t in gram):
            key = " ".join(gram)
            exact[key] = max(exact.get(key, 0.0), w)


_FIGURE_WORDS = frozenset(
    {"bao nhieu", "bn", "phan tram", "ty le", "may", "%", "chi tieu", "chi so"}
)


def _asks_figure(tokens: list[str]) -> bool:
    """The question asks for a number ("bao nhiêu phần trăm", "tỷ lệ", "mấy")."""
    words = [
        "" if fold(t) == "may" and not how_many_at(tokens, i) else fold(t)
        for i, t in enumerate(tokens)
    ]
    text = f" {' '.join(words)} "
    return any(f" {w} " in text for w in _FIGURE_WORDS)


def _about_document(folded: list[str]) -> bool:
    """The question asks about the document itself: its name, date, basis, territory."""
    text = f" {' '.join(folded)} "
    return any(f" {' '.join(p)} " in text for p in _META_PHRASES)


def asks_document_name(tokens: tuple[str, ...]) -> bool:
    """ "tên (của) kế hoạch", "kế hoạch này tên gì": the name asked is the document's own."""
    folded = [fold(t) for t in tokens]
    pairs = set(pairwise(folded))
    return "ten" in folded and bool(pairs & _DOCUMENT_WORDS) and not {"ai", "nguoi"} & set(folded)


# What folded "co" starts when it is not "có": "cơ quan", "cơ sở", "cơ chế", "cơ cấu", ...
_CO_COMPOUNDS = frozenset({"quan", "so", "che", "cau", "hoi", "ban", "phan", "dong", "the"})


def _is_plain_co(tokens: list[str], i: int) -> bool:
    """Unaccented "co" not starting a compound is "có", a function word ("kh co muc tieu gi")."""
    after = fold(tokens[i + 1]) if i + 1 < len(tokens) else ""
    return tokens[i] == "co" and after not in _CO_COMPOUNDS


def _with_context(before: list[str], phrase: tuple[str, ...], after: list[str]) -> tuple[str, ...]:
    """A meaning with the question's neighbouring words, unless it already holds them."""
    head = tuple(t for t in before if t not in phrase)
    tail = tuple(t for t in after if t not in phrase)
    return head + phrase + tail
