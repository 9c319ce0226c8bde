"""Compose reply texts: a section's relevant text, a leading deadline or figure, the citation."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import TYPE_CHECKING

from knowledge import phrases
from knowledge.intents import (
    DATE_RE,
    DEADLINE_RE,
    DOCUMENT_REF_RE,
    NUMBER_RE,
    asks_basis,
    asks_deadline,
    asks_number,
    asks_when,
)
from knowledge.normalize import fold, tokenize
from knowledge.sections import CLOSING, PREAMBLE, RECIPIENTS

if TYPE_CHECKING:
    # Annotations only: section labels are also used where the search index is not loaded.
    from knowledge.index import Entry

# Long sections are cut to the bullets that match the question, to fit a phone screen.
MAX_BODY_CHARS = 900
MAX_UNITS = 3
MAX_UNIT_CHARS = 480
MAX_CHILD_CHARS = 220
MAX_LEAD_CHARS = 140

_SENTENCE_RE = re.compile(r"(?<=[.;])\s+")
# A legal document's section id (`knowledge.sections`): an article, its clause, the point.
_LEGAL_ID_RE = re.compile(r"^(Điều \d+)(?:\.(\d+)(?:\.([a-zđ]))?)?$")
# A refusal or greeting names at most this many added documents, the names (the plan's
# included) in at most this many characters, so that they stay a line or two on a phone.
MAX_NAMED_DOCS = 2
MAX_NAMED_CHARS = 120


def documents_named(titles: list[str]) -> str:
    """The documents a refusal or greeting speaks for, short enough for a phone: the plan,
    then at most two added documents by title while they fit, the others counted
    («Kế hoạch 87/KH-UBND, Nghị định 12/2025/NĐ-CP, Quyết định 5/QĐ-UBND và 3 tài liệu khác»)."""
    named = titles[:1]
    for title in titles[1 : 1 + MAX_NAMED_DOCS]:
        if len(phrases.DOC_JOIN.join([*named, title])) > MAX_NAMED_CHARS:
            break
        named.append(title)
    rest = len(titles) - len(named)
    if rest:
        counted = phrases.DOCS_OTHERS if len(named) > 1 else phrases.DOCS_ADDED
        named.append(counted.format(count=rest))
    if len(named) == 1:
        return named[0]
    return phrases.DOC_JOIN.join(named[:-1]) + phrases.DOC_LAST + named[-1]


def section_label(section_id: str) -> str:
    """How a section is named in a citation: "mục IV.2.c", "phần mở đầu", "Điều 5", a
    clause "khoản 2 Điều 5" and a point "điểm a khoản 2 Điều 5" (ids "Điều 5.2", "Điều 5.2.a")."""
    if section_id == PREAMBLE:
        return phrases.LABEL_PREAMBLE
    if section_id == CLOSING:
        return phrases.LABEL_CLOSING
    if section_id == RECIPIENTS:
        return phrases.LABEL_RECIPIENTS
    if legal := _LEGAL_ID_RE.match(section_id):
        article, clause, point = legal.groups()
        if point:
            return phrases.LABEL_POINT.format(point=point, clause=clause, article=article)
        if clause:
            return phrases.LABEL_CLAUSE.format(clause=clause, article=article)
        return article
    if section_id.startswith(("Điều", "Chương")):
        return section_id
    return phrases.LABEL_ITEM.format(id=section_id)


def section_labels(section_ids: list[str]) -> str:
    """Several sections in a citation: "mục I.1.c, III.5.b, phần kết"."""
    items = [i for i in section_ids if section_label(i) == phrases.LABEL_ITEM.format(id=i)]
    others = [section_label(i) for i in section_ids if i not in items]
    lead = [phrases.LABEL_ITEM.format(id=", ".join(items))] if items else []
    return ", ".join(lead + others)


def citation(entry: Entry) -> str:
    """The citation line, e.g. "(Kế hoạch 87/KH-UBND, mục IV.2.c)"."""
    return phrases.CITATION.format(doc=entry.doc_title, label=section_label(entry.section.id))


_MONTH_RE = re.compile(r"tháng (\d{1,2})/(\d{4})")
_DAY_RE = re.compile(r"ngày (\d{1,2})(?:/| tháng )(\d{1,2})(?:/| năm )(\d{4})")
_YEAR_RE = re.compile(r"năm (\d{4})")


def _last_day(value: str) -> date | None:
    """The last day a deadline as the plan writes it allows ("tháng 5/2024": 31/5/2024)."""
    if m := _DAY_RE.search(value):
        day, month, year = (int(g) for g in m.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if m := _MONTH_RE.search(value):
        month, year = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            return None
        return date(year, month, calendar.monthrange(year, month)[1])
    if m := _YEAR_RE.search(value):
        return date(int(m.group(1)), 12, 31)
    return None


def _deadline(value: str, today: date | None) -> str:
    last = _last_day(value)
    passed = today is not None and last is not None and last < today
    return (phrases.LEAD_DEADLINE_PASSED if passed else phrases.LEAD_DEADLINE).format(value=value)


def _time_lead(question_tokens: tuple[str, ...], text: str, today: date | None) -> str | None:
    m = DEADLINE_RE.search(text)
    if m:
        return _deadline((m.group(1) or m.group(2)).strip(), today)
    m = DATE_RE.search(text)
    if m is None:
        return None
    if asks_deadline(question_tokens):
        return _deadline(m.group(0), today)
    return phrases.LEAD_DATE.format(value=m.group(0))


def leads(question_tokens: tuple[str, ...], text: str, today: date | None = None) -> list[str]:
    """First lines stating the deadline or date, the figure and the legal basis the question
    asks for, as the text gives them; a deadline before ``today`` is marked as passed."""
    found: list[str | None] = []
    if asks_when(question_tokens):
        found.append(_time_lead(question_tokens, text, today))
    if asks_number(question_tokens) and (m := NUMBER_RE.search(text)):
        found.append(phrases.LEAD_NUMBER.format(value=_cut(m.group(0).strip(), MAX_LEAD_CHARS)))
    if asks_basis(question_tokens) and (m := DOCUMENT_REF_RE.search(text)):
        found.append(phrases.LEAD_BASIS.format(value=m.group(0).strip()))
    return [line for line in found if line]


def _repeats(first: str, body: str) -> bool:
    """The lead says what the body opens with ("Chỉ tiêu: 100% …" before "100% …")."""
    value = first.split(": ", 1)[-1].removesuffix(phrases.TRIMMED).rstrip(".")
    return body.startswith(value) or body.split("\n", 1)[-1].startswith(value)


def _relevance(line: str, wanted: frozenset[str]) -> int:
    return len({fold(t) for t in tokenize(line)} & wanted)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    stop = max(head.rfind(". "), head.rfind("; "))
    clause = head.rfind(", ")
    if stop > limit // 2:
        # Whole sentences: a full stop ends the line, no "…" after it («số.…»).
        if head[stop] == ".":
            return head[: stop + 1]
        return head[:stop] + phrases.TRIMMED
    if clause > limit // 3:
        head = head[:clause]
    elif " " in head:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;") + phrases.TRIMMED


def _units(body: str) -> tuple[list[str], list[str]]:
    """Split a body into an intro and units to choose from: bullets, else lines, else sentences."""
    lines = body.split("\n")
    first_bullet = next((i for i, line in enumerate(lines) if line.startswith("-")), None)
    if first_bullet is not None:
        return lines[:first_bullet], lines[first_bullet:]
    if len(lines) > 1:
        # A heading's title line ("Mục tiêu:") says what the lines under it are.
        intro = lines[:1] if lines[0].endswith(":") else []
        return intro, lines[len(intro) :]
    return [], [u for u in _SENTENCE_RE.split(body) if u]


def _trim(body: str, wanted: frozenset[str]) -> str:
    """Keep the intro and the units that share the most words with the question."""
    intro, units = _units(body)
    if len(units) <= 1:
        return _cut(body, MAX_BODY_CHARS)
    relevance = [_relevance(unit, wanted) for unit in units]
    if not any(relevance):
        # Nothing singles out a unit ("Sở Nội vụ phải làm gì" about Sở Nội vụ's own
        # section): all of it, in order; a phone screen is cut later with «Xem đầy đủ».
        return body
    order = sorted(range(len(units)), key=lambda i: -relevance[i])[:MAX_UNITS]
    keep = sorted(i for i in order if relevance[i] > 0)
    kept = [_cut(line, MAX_UNIT_CHARS) for line in intro]
    kept += [_cut(units[i], MAX_UNIT_CHARS) for i in keep]
    if len(units) > len(keep):
        kept.append(phrases.MORE_ITEMS.format(count=len(units) - len(keep)))
    return "\n".join(kept)


def _child_line(child: Entry, *, whole: bool = False) -> str:
    """One line for an item listed under its heading: "b) ...", cut unless ``whole``."""
    letter = child.section.id.rsplit(".", 1)[-1]
    section = child.section
    if "\n-" in section.text:
        # Items with their own bullets are too long to inline: name them.
        count = section.text.count("\n-")
        return phrases.CHILD_WITH_ITEMS.format(
            letter=letter, title=section.title, count=count, label=section_label(section.id)
        )
    text = " ".join(section.text.split())
    if section.heading and text and not text.startswith(section.title):
        text = f"{section.title}: {text}"
    text = text or section.title
    return f"{letter}) {text if whole else _cut(text, MAX_CHILD_CHARS)}"


def section_body(
    entry: Entry,
    children: list[Entry],
    wanted: frozenset[str],
    *,
    whole: bool = False,
    subject: str | None = None,
    screen: int | None = None,
) -> str:
    """The part of a section worth sending: its text, or its items when it is a heading.

    Long sections keep the units that match ``wanted``, unless the ``whole`` text is asked;
    so do bulleted ones longer than a ``screen`` (a question about one member of a list
    sees that member first).
    An item of a body's heading opens with the body's name (``subject``): "Sở Tài chính: Có
    trách nhiệm …" says who.
    """
    section = entry.section
    if section.id == RECIPIENTS:
        return section.text
    if not section.text and children:
        body = f"{section.title}:\n" + "\n".join(_child_line(c, whole=whole) for c in children)
    elif section.heading and section.text and not section.text.startswith(section.title):
        body = f"{section.title}: {section.text}"
    else:
        body = section.text or section.title
    first, _, rest = body.partition("\n")
    if rest.startswith("-") and first and first[-1].isalnum():
        # A title line over bullets ("Đối với UBND cấp huyện") introduces them.
        body = f"{first}:\n{rest}"
    if subject and not body.startswith(subject):
        body = f"{subject}: {body}"
    if whole:
        return body
    bulleted = "\n-" in body and screen is not None and len(body) > screen
    return _trim(body, wanted) if len(body) > MAX_BODY_CHARS or bulleted else body


# A first screen may stretch this much (of its limit) to keep one long sentence whole: IV.5 is
# a single sentence of 607 characters.
OVERFLOW = 1.25


def _sentence_cut(line: str, room: int) -> str | None:
    """The longest head of ``line`` within ``room`` that ends a sentence, if any.

    A ";" inside a line separates the members of one sentence ("100% sở, ban, ngành tỉnh;
    Ủy ban nhân dân cấp huyện; …"), so only a full stop ends one there.
    """
    if len(line) <= room:
        return line
    stop = line[:room].rfind(". ")
    return line[: stop + 1].rstrip() if stop > 0 else None


def _says_something(line: str) -> bool:
    """More than a heading's title: a line that states something."""
    return len(line) > 40 and not line.rstrip().endswith(":")


def fit(lines: list[str], tail: list[str], limit: int) -> tuple[list[str], bool]:
    """Keep whole lines (bullets, sentences) so that ``lines + tail`` fits ``limit`` characters.

    A line that does not fit is cut at its last sentence or clause end, never mid-sentence;
    the first line is always kept in part. Returns the kept lines and whether any was dropped.
    """
    if sum(len(line) + 1 for line in [*lines, *tail]) <= limit + 1:
        return list(lines), False
    room = limit - sum(len(t) + 1 for t in tail) - len(phrases.CUT_MORE) - 1
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 <= room:
            kept.append(line)
            used += len(line) + 1
            continue
        head = _sentence_cut(line, room - used - 1)
        if head and _says_something(head):
            kept.append(head)
        elif not any(_says_something(k) for k in kept):
            # Only a title or a lead so far ("Sở Nội vụ:" before one long sentence): that
            # sentence whole if the screen can stretch to it, else a clause marked as cut.
            stop = line.find(". ")
            sentence = line[: stop + 1] if stop > 0 else line
            tail_chars = sum(len(t) + 1 for t in tail)
            if used + len(sentence) + 1 + tail_chars <= OVERFLOW * limit:
                kept.append(sentence)
                if sentence == line and line is lines[-1]:
                    return kept, False
            else:
                kept.append(_cut(line, max(room - used - 1, 80)))
        return kept, True
    return kept, False


def compose(
    entry: Entry,
    children: list[Entry],
    question_tokens: tuple[str, ...] = (),
    wanted: frozenset[str] = frozenset(),
    *,
    notes: tuple[str, ...] = (),
    limit: int | None = None,
    whole: bool = False,
    subject: str | None = None,
    today: date | None = None,
) -> tuple[str, bool]:
    """Answer text and whether there is more: lead, the relevant text, citation, notes.

    ``wanted`` holds the folded words the question is about; long sections keep the bullets,
    lines or sentences that mention most of them. With a ``limit`` (a phone screen) the text
    is cut at a line or sentence so that it, the citation and the notes fit; "more" is also
    true when items were left out ("(còn N ý khác)").
    """
    tail = [citation(entry)] + [phrases.CHANGE_NOTE.format(note=n) for n in notes]
    screen = None if limit is None else limit - sum(len(t) + 1 for t in tail)
    body = section_body(entry, children, wanted, whole=whole, subject=subject, screen=screen)
    full_text = "\n".join([entry.section.text] + [c.section.text for c in children])
    first = [line for line in leads(question_tokens, full_text, today) if not _repeats(line, body)]
    lines = first + body.split("\n")
    more = any(line.startswith(phrases.MORE_ITEMS.split("{", 1)[0]) for line in lines)
    if limit is not None:
        # Room is kept for «(còn tiếp…)», which only a chat offering «Xem đầy đủ» adds.
        lines, cut = fit(lines, tail, limit)
        more = more or cut
    return "\n".join(lines + tail), more
