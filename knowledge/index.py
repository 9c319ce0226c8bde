"""BM25 index over document sections: folded and exact syllables, unigrams and bigrams."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import bm25s  # type: ignore[import-untyped, unused-ignore]  # bm25s ships no type hints
import numpy as np
import numpy.typing as npt

from knowledge.documents import Document
from knowledge.glossary import Glossary
from knowledge.intents import has_time
from knowledge.normalize import fold, tokenize
from knowledge.sections import PREAMBLE, RECIPIENTS, Section

FloatArray = npt.NDArray[np.float32]

# A heading says what its section is about: repeat its tokens so they weigh more.
HEADING_REPEAT = 3
# A child inherits its parent's heading once ("a) ..." under "2. Sở Thông tin và Truyền thông").
PARENT_REPEAT = 2
# Words of a heading that say nothing of its subject ("Đối với", "các", "và", "của").
_TITLE_FILLER = frozenset({"đối", "với", "các", "và", "của", "đến", "về", "từ", "cho", "trong"})
_FIGURE_RE = re.compile(r"\d+\s?%")
BM25_K1 = 1.5
BM25_B = 0.75
# A law a section cites by name ("Luật An ninh mạng", "Luật Giao dịch điện tử") says where its
# duty comes from, not what the duty is about: "ai lo an ninh mạng" asks about Công an tỉnh's
# section (IV.4), not about the two that list the laws a review must follow. The name runs from
# its capital to the first word that starts a clause.
_LAW_NAME_RE = re.compile(
    r"\b(Luật) [A-ZĐ]\w*(?:\s+(?!(?:và|theo|các|của|có|để|trong|tại|về)\b)[a-zà-ỹđ]\w*)*"
)


def without_law_names(text: str) -> str:
    """The text with each cited law's name cut to «Luật»."""
    return _LAW_NAME_RE.sub(r"\1", text)


@dataclass(frozen=True, slots=True)
class Tables:
    """BM25 tables and word presence masks over one reading of the sections."""

    exact: Bm25Table
    folded: Bm25Table
    presence: dict[str, npt.NDArray[np.bool_]]
    exact_presence: dict[str, npt.NDArray[np.bool_]]


@dataclass(frozen=True, slots=True)
class Entry:
    """One retrievable section with the document it belongs to."""

    doc: str
    doc_title: str
    section: Section
    ancestors: tuple[str, ...]
    children: tuple[str, ...]


def bigrams(tokens: list[str]) -> list[str]:
    """Adjacent pairs joined by a space (never produced by tokenisation itself)."""
    return [f"{a} {b}" for a, b in pairwise(tokens)]


def features(tokens: list[str]) -> list[str]:
    """Unigrams plus bigrams of one token sequence."""
    return tokens + bigrams(tokens)


class Bm25Table:
    """A dense (feature x section) table of BM25 term scores computed by bm25s."""

    __slots__ = ("idf", "table", "vocab")

    def __init__(self, corpus: list[list[str]]) -> None:
        model = bm25s.BM25(k1=BM25_K1, b=BM25_B)
        model.index(corpus, show_progress=False)
        self.vocab: dict[str, int] = dict(model.vocab_dict)
        n_docs = len(corpus)
        scores = model.scores
        indptr, indices, data = scores["indptr"], scores["indices"], scores["data"]
        self.table: FloatArray = np.zeros((len(indptr) - 1, n_docs), dtype=np.float32)
        for token_id in range(len(indptr) - 1):
            lo, hi = indptr[token_id], indptr[token_id + 1]
            self.table[token_id, indices[lo:hi]] = data[lo:hi]
        df = Counter(f for doc in corpus for f in set(doc))
        self.idf = {f: math.log(1 + (n_docs - n + 0.5) / (n + 0.5)) for f, n in df.items()}

    def scores(self, weighted: dict[str, float]) -> FloatArray:
        """Sum of the weighted BM25 scores of the known features, per section."""
        ids = [self.vocab[f] for f in weighted if f in self.vocab]
        if not ids:
            return np.zeros(self.table.shape[1], dtype=np.float32)
        weights = np.fromiter(
            (weighted[f] for f in weighted if f in self.vocab), dtype=np.float32, count=len(ids)
        )
        result: FloatArray = weights @ self.table[ids]
        return result


class SectionIndex:
    """BM25 tables and presence masks of the sections as written (`cited`) and without the
    laws they cite by name (`plain`), plus what each section is (opening, list, dated …)."""

    __slots__ = (
        "cited",
        "doc_words",
        "entries",
        "exact_counts",
        "folded_vocab",
        "has_figure",
        "has_time",
        "is_list",
        "is_opening",
        "is_recipients",
        "max_idf",
        "name_words",
        "plain",
        "position",
        "titles",
    )

    def __init__(self, documents: list[Document], glossary: Glossary) -> None:
        """Build the index once; queries only read it."""
        self.entries: list[Entry] = []
        exact_docs: list[list[str]] = []
        plain_docs: list[list[str]] = []
        for document in documents:
            by_id = {s.id: s for s in document.sections}
            kids: dict[str, list[str]] = {}
            for s in document.sections:
                if s.parent:
                    kids.setdefault(s.parent, []).append(s.id)
            for s in document.sections:
                ancestors: list[str] = []
                parent = s.parent
                while parent is not None and parent in by_id:
                    ancestors.append(parent)
                    parent = by_id[parent].parent
                entry = Entry(
                    document.doc, document.title, s, tuple(ancestors), tuple(kids.get(s.id, ()))
                )
                self.entries.append(entry)
                exact_docs.append(glossary.spell_out(self._section_tokens(entry, by_id)))
                plain = self._section_tokens(entry, by_id, without=without_law_names)
                plain_docs.append(glossary.spell_out(plain))
        self.position = {(e.doc, e.section.id): i for i, e in enumerate(self.entries)}
        folded_docs = [[fold(t) for t in doc] for doc in exact_docs]
        # The sections as written, and with the laws they cite by name cut (`Tables`).
        self.cited = self._tables(documents, exact_docs)
        self.plain = self._tables(documents, plain_docs)
        self.doc_words: dict[str, frozenset[str]] = {}
        for d in documents:
            name = tokenize(f"{d.doc} {d.title}")
            self.doc_words[d.doc] = frozenset(fold(t) for t in name + glossary.spell_out(name))
        # Only the words as written: "UBND" spelled out would damp "ban" in "giao ban".
        self.name_words = frozenset(
            fold(t) for d in documents for t in tokenize(f"{d.doc} {d.title}") if not t.isdigit()
        )
        # The content words of each heading's own title: a broad question that names a heading
        # ("Sở Tài chính có nhiệm vụ gì", "mục tiêu của kế hoạch") is about all of it.
        self.titles: list[tuple[int, frozenset[str]]] = []
        for i, e in enumerate(self.entries):
            if e.section.heading:
                words = frozenset(
                    fold(t)
                    for t in glossary.spell_out(tokenize(e.section.title))
                    if t not in _TITLE_FILLER
                )
                if words:
                    self.titles.append((i, words))
        # A heading states the figures of its items ("Mục tiêu cụ thể đến năm 2025").
        stated = [bool(_FIGURE_RE.search(e.section.text)) for e in self.entries]
        for i, e in enumerate(self.entries):
            if stated[i]:
                for ancestor in e.ancestors:
                    stated[self.position[(e.doc, ancestor)]] = True
        self.has_figure = np.array(stated, dtype=np.bool_)
        self.is_opening = np.array(
            [e.section.id == PREAMBLE for e in self.entries], dtype=np.bool_
        )
        self.is_recipients = np.array(
            [e.section.id == RECIPIENTS for e in self.entries], dtype=np.bool_
        )
        self.is_list = np.array([_is_list(e) for e in self.entries], dtype=np.bool_)
        self.has_time = np.array(
            [has_time(f"{e.section.title}\n{e.section.text}") for e in self.entries],
            dtype=np.bool_,
        )

        self.exact_counts: Counter[str] = Counter(t for d in exact_docs for t in d)
        self.folded_vocab: dict[str, int] = dict(Counter(t for d in folded_docs for t in d))
        self.max_idf = max(self.cited.folded.idf.values(), default=1.0)

    def _tables(self, documents: list[Document], exact_docs: list[list[str]]) -> Tables:
        """BM25 tables and presence masks over these token lists, one per entry."""
        folded_docs = [[fold(t) for t in doc] for doc in exact_docs]
        return Tables(
            Bm25Table([features(d) for d in exact_docs]),
            Bm25Table([features(d) for d in folded_docs]),
            self._presence(documents, folded_docs, exact=False),
            self._presence(documents, exact_docs, exact=True),
        )

    def _presence(
        self, documents: list[Document], docs: list[list[str]], *, exact: bool
    ) -> dict[str, npt.NDArray[np.bool_]]:
        """Word → which sections mention it, counting a heading's items and the doc's name.

        A question about "Sở Thông tin và Truyền thông" and "nhiệm vụ" is covered by the
        heading "2. Sở Thông tin và Truyền thông" through its items; "kế hoạch" is covered
        by every section of "Kế hoạch 87/KH-UBND".
        """
        words = [set(d) for d in docs]
        for i in range(len(self.entries) - 1, -1, -1):
            entry = self.entries[i]
            for ancestor in entry.ancestors:
                words[self.position[(entry.doc, ancestor)]] |= words[i]
        names = {
            d.doc: {t if exact else fold(t) for t in tokenize(f"{d.doc} {d.title}")}
            for d in documents
        }
        return _word_masks([words[i] | names[e.doc] for i, e in enumerate(self.entries)])

    @staticmethod
    def _section_tokens(
        entry: Entry, by_id: dict[str, Section], without: Callable[[str], str] = str
    ) -> list[str]:
        section = entry.section
        # A heading says what its section is about; a title cut from the text adds nothing.
        repeat = HEADING_REPEAT if section.heading else 0
        tokens = tokenize(section.title) * repeat + tokenize(without(section.text))
        if entry.ancestors:
            tokens += tokenize(by_id[entry.ancestors[0]].title) * PARENT_REPEAT
        return tokens


def _word_masks(word_sets: list[set[str]]) -> dict[str, npt.NDArray[np.bool_]]:
    """Word → boolean mask over sections whose set contains it."""
    masks: dict[str, npt.NDArray[np.bool_]] = {}
    for i, words in enumerate(word_sets):
        for word in words:
            if word not in masks:
                masks[word] = np.zeros(len(word_sets), dtype=np.bool_)
            masks[word][i] = True
    return masks


def _is_list(entry: Entry) -> bool:
    """Whether a section enumerates things: bullets, items, or "gồm: a; b; c"."""
    text = entry.section.text
    if entry.children or "\n-" in text:
        return True
    _, colon, tail = text.partition(":")
    return bool(colon) and tail.count(";") >= 2
