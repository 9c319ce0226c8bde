"""Split Vietnamese administrative documents into sections with stable ids."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from knowledge import phrases
from knowledge.casing import Casing, is_shouted

PREAMBLE = "preamble"
CLOSING = "closing"
RECIPIENTS = "recipients"

_ROMAN_RE = re.compile(r"^(?P<num>[IVXLC]+)\.\s+(?P<rest>.+)$")
_NUMBER_RE = re.compile(r"^(?P<num>\d{1,2})\.\s+(?P<rest>.+)$")
_LETTER_RE = re.compile(r"^(?P<num>[a-zđ])\)\s*(?P<rest>.*)$")
_CHAPTER_RE = re.compile(r"^Chương\s+(?P<num>[IVXLC]+|\d+)\b[.:]?\s*(?P<rest>.*)$", re.IGNORECASE)
_ARTICLE_RE = re.compile(r"^Điều\s+(?P<num>\d+)\s*[.:]?\s*(?P<rest>.*)$")
_CLOSING_RE = re.compile(r"^(Yêu cầu các cơ quan|Trong quá trình (triển khai )?thực hiện, nếu có)")
_RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?")
_TITLE_SPLIT_RE = re.compile(r"\s*[:;]\s+|\.\s+|[:;.]$")
# A plan section id as typed, in any case: "iv.1.D".
_TYPED_ID_RE = re.compile(r"^([IVXLC]+)((?:\.\d{1,2})?)((?:\.[a-zđ])?)$", re.IGNORECASE)
_TITLE_MAX_WORDS = 14


@dataclass(frozen=True, slots=True)
class Section:
    """One addressable part of a document: ``IV.2.c``, ``Điều 5.2.a``, ``preamble``."""

    id: str
    title: str
    text: str
    parent: str | None
    level: int
    heading: bool = False


@dataclass(slots=True)
class _Draft:
    id: str
    title: str
    lines: list[str]
    parent: str | None
    level: int
    heading: bool


# A document's end mark after its last full stop ("… thực tế./."): no words to quote.
_END_MARK_RE = re.compile(r"\.\s*/\.$")


def _clean(line: str) -> str:
    return _END_MARK_RE.sub(".", " ".join(line.replace("\u00a0", " ").split()))


def _first_clause(text: str) -> str:
    """Title for an item without a heading: its first clause, at most a few words."""
    clause = _TITLE_SPLIT_RE.split(text, maxsplit=1)[0].strip()
    words = clause.split()
    if len(words) > _TITLE_MAX_WORDS:
        clause = " ".join(words[:_TITLE_MAX_WORDS]) + "…"
    return clause


def _split_heading(rest: str) -> tuple[str, str]:
    """Split "Văn phòng UBND tỉnh:  Vận hành ..." into a heading and the body after it."""
    head, sep, body = rest.partition(":")
    if sep and body.strip() and len(head.split()) <= _TITLE_MAX_WORDS:
        return head.strip(), body.strip()
    return "", rest


def is_legal_structure(lines: list[str]) -> bool:
    """Tell whether a document is organised in Chương/Điều rather than I./1./a)."""
    return any(_ARTICLE_RE.match(_clean(line)) for line in lines)


def _opens_part(line: str) -> bool:
    """A line that opens the document's body: "I. …", "Chương I", "Điều 1"."""
    return any(r.match(line) for r in (_ROMAN_RE, _CHAPTER_RE, _ARTICLE_RE))


def _lines(text: str) -> list[str]:
    """Non-empty cleaned lines; a title typed over several ALL-CAPS lines becomes one."""
    lines: list[str] = []
    opening = True
    for line in (_clean(raw) for raw in text.splitlines()):
        if not line:
            continue
        opening = opening and not _opens_part(line)
        if opening and lines and is_shouted(line) and is_shouted(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def typed_section_id(text: str) -> str:
    """A plan section id as a person types it (" iv.1.D") in the form ids take ("IV.1.d");
    other text trimmed, as given."""
    typed = text.strip()
    match = _TYPED_ID_RE.match(typed)
    if match is None:
        return typed
    return f"{match[1].upper()}{match[2]}{match[3].lower()}"


def parse_sections(text: str) -> list[Section]:
    """Parse a document's text into sections in reading order."""
    return read_document(text)[0]


def read_document(text: str) -> tuple[list[Section], str]:
    """The sections in reading order, and the document's full name: its opening ALL-CAPS
    title in sentence case ("" if it has none)."""
    lines = _lines(text)
    casing = Casing(lines)
    drafts = _parse_legal(lines) if is_legal_structure(lines) else _parse_plan(lines)
    sections = [
        _finish(d, casing) for d in drafts if any(d.lines) or (d.title and d.id != PREAMBLE)
    ]
    opening = itertools.takewhile(lambda line: not _opens_part(line), lines)
    title = next((line for line in opening if is_shouted(line)), "")
    return sections, casing.sentence_case(title)


def _finish(draft: _Draft, casing: Casing) -> Section:
    # ALL-CAPS lines (a pasted title) read in sentence case, keeping the document's names.
    body = "\n".join(casing.sentence_case(line) for line in draft.lines).strip()
    first, _, rest = body.partition("\n")
    if not draft.title and rest.startswith("-") and not first.endswith((".", ";")):
        # "c) Đẩy mạnh các hoạt động ...:" followed by bullets introduces them like a heading.
        draft.title, draft.heading = first.rstrip(":").strip(), True
    title = draft.title or _first_clause(first)
    heading = bool(draft.title) and draft.heading
    return Section(draft.id, casing.sentence_case(title), body, draft.parent, draft.level, heading)


def _tail(drafts: list[_Draft], line: str) -> bool:
    """Handle lines that open the closing paragraph or the recipients list."""
    if _RECIPIENTS_RE.match(line) and not any(d.id == RECIPIENTS for d in drafts):
        drafts.append(_Draft(RECIPIENTS, phrases.TITLE_RECIPIENTS, [line], None, 1, False))
        return True
    if drafts and drafts[-1].id == RECIPIENTS:
        drafts[-1].lines.append(line)
        return True
    if _CLOSING_RE.match(line) and not any(d.id == CLOSING for d in drafts):
        drafts.append(_Draft(CLOSING, phrases.TITLE_CLOSING, [line], None, 1, False))
        return True
    return False


def _parse_plan(lines: list[str]) -> list[_Draft]:
    """Plans and reports: I. / 1. / a) / bullets; without any "I." line (a short «quy chế»),
    "1." opens a top-level section (id "1") and its "a)" items are "1.a"."""
    drafts = [_Draft(PREAMBLE, phrases.TITLE_PREAMBLE, [], None, 1, False)]
    numbered_parts = not any(_ROMAN_RE.match(line) for line in lines)
    roman: str | None = None
    number: str | None = None
    for line in lines:
        if _tail(drafts, line):
            continue
        current = drafts[-1]
        if current.id in (CLOSING, RECIPIENTS):
            current.lines.append(line)
            continue
        m_roman = _ROMAN_RE.match(line)
        m_num = _NUMBER_RE.match(line)
        m_letter = _LETTER_RE.match(line)
        if m_roman:
            roman, number = m_roman["num"], None
            drafts.append(_Draft(roman, m_roman["rest"].strip(), [], None, 1, True))
        elif m_num and (roman is not None or numbered_parts):
            number = m_num["num"] if roman is None else f"{roman}.{m_num['num']}"
            level = 1 if roman is None else 2
            head, body = _split_heading(m_num["rest"])
            rest = m_num["rest"]
            if head:
                drafts.append(_Draft(number, head, [body], roman, level, True))
            elif rest.endswith((".", ";")):
                # A whole task in one sentence: the text is the item, the title its clause.
                drafts.append(_Draft(number, _first_clause(rest), [rest], roman, level, False))
            else:
                drafts.append(_Draft(number, rest, [], roman, level, True))
        elif m_letter and number is not None:
            head, body = _split_heading(m_letter["rest"])
            level = 2 if roman is None else 3
            item = _Draft(f"{number}.{m_letter['num']}", head, [body], number, level, bool(head))
            drafts.append(item)
        else:
            current.lines.append(line)
    return drafts


def _parse_legal(lines: list[str]) -> list[_Draft]:
    """Legal documents: Chương / Điều / khoản 1. / điểm a)."""
    drafts = [_Draft(PREAMBLE, phrases.TITLE_PREAMBLE, [], None, 1, False)]
    chapter: str | None = None
    article: str | None = None
    clause: str | None = None
    pending_chapter_title = False
    for line in lines:
        if _tail(drafts, line):
            continue
        current = drafts[-1]
        if current.id in (CLOSING, RECIPIENTS):
            current.lines.append(line)
            continue
        m_chapter = _CHAPTER_RE.match(line)
        m_article = _ARTICLE_RE.match(line)
        m_num = _NUMBER_RE.match(line)
        m_letter = _LETTER_RE.match(line)
        if m_chapter:
            chapter, article, clause = f"Chương {m_chapter['num'].upper()}", None, None
            title = m_chapter["rest"].strip()
            drafts.append(_Draft(chapter, title, [], None, 1, True))
            pending_chapter_title = not title
            continue
        if pending_chapter_title and not (m_article or m_num or m_letter):
            current.title = line
            pending_chapter_title = False
            continue
        pending_chapter_title = False
        if m_article:
            article, clause = f"Điều {m_article['num']}", None
            head = m_article["rest"].strip()
            drafts.append(_Draft(article, head, [], chapter, 2, bool(head)))
        elif m_num and article is not None:
            clause = f"{article}.{m_num['num']}"
            drafts.append(_Draft(clause, "", [m_num["rest"]], article, 3, False))
        elif m_letter and clause is not None:
            point = f"{clause}.{m_letter['num']}"
            drafts.append(_Draft(point, "", [m_letter["rest"]], clause, 4, False))
        else:
            current.lines.append(line)
    return drafts
