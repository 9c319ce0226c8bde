"""The consolidated report's figures, and numbers and dates written the Vietnamese way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from handlers import texts
from handlers.numbers import vn_fixed, vn_number
from knowledge.documents import builtin_plan
from knowledge.normalize import expand_shorthand, fold, tokenize
from knowledge.surveys import NUMBER_TYPES, Question
from reports.export import ExportRow, ExportTable
from reports.template import MeasureSpec

REPORTED = ("submitted", "late")
PROVINCE = "Toàn tỉnh"
NO_DATA = "chưa có số liệu"  # a bar of a group none of whose units gave a figure
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")
_SPACES = re.compile(r"\s+")
_TRAILING = " .,;:!?…-"


# --- formatting ---


def vn_percent(value: float) -> str:
    """90.625 → "90,6%"."""
    return f"{vn_number(value)}%"


def vn_share_percent(value: float) -> str:
    """A share of units: 90.625 → "90,6%", 1.04 → "1,0%", 0 → "0,0%". Every share in the
    report has one decimal, so the figures of one paragraph read alike."""
    return f"{vn_fixed(value, 1)}%"


def vn_share(part: int, whole: int) -> str:
    """87 of 96 → "90,6%"."""
    return vn_share_percent(100 * part / whole if whole else 0.0)


def vn_date(day: date) -> str:
    """30/11/2026."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def decree_date(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2027": Decree 30 pads days below 10 and months below 3."""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


def kind_label(kind: str) -> str:
    """ "commune" → "Xã"."""
    return str(texts.EXPORT_UNIT_KIND.get(kind, kind))


def audience_words(kinds: Iterable[str]) -> str:
    """ "xã, phường, đặc khu"."""
    return ", ".join(kind_label(kind).lower() for kind in kinds)


def one_printable_line(text: str) -> str:
    """Untrusted free text as one printable line (Word refuses control characters)."""
    printable = "".join(
        " " if unicodedata.category(c).startswith("C") else c
        for c in unicodedata.normalize("NFC", text)
    )
    return _SPACES.sub(" ", printable).strip()


# --- figures ---


@dataclass(frozen=True, slots=True)
class KindCount:
    """How one kind of unit reported."""

    kind: str
    total: int
    reported: int
    late: int


@dataclass(frozen=True, slots=True)
class Reporting:
    """Section I: who reported."""

    total: int
    reported: int
    on_time: int
    late: int
    draft: int
    missing: int
    by_kind: tuple[KindCount, ...]


def _kinds(table: ExportTable) -> list[str]:
    """The kinds of unit present, in the survey's audience order (xã, phường, đặc khu)."""
    order = list(table.definition.audience)
    present = dict.fromkeys(row.kind for row in table.rows)
    return sorted(present, key=lambda kind: order.index(kind) if kind in order else len(order))


def reporting(table: ExportTable) -> Reporting:
    """Count the units by status, overall and by kind."""
    statuses = [row.status for row in table.rows]
    kinds = _kinds(table)
    by_kind = tuple(
        KindCount(
            kind,
            sum(1 for row in table.rows if row.kind == kind),
            sum(1 for row in table.rows if row.kind == kind and row.status in REPORTED),
            sum(1 for row in table.rows if row.kind == kind and row.status == "late"),
        )
        for kind in kinds
    )
    return Reporting(
        total=len(statuses),
        reported=sum(1 for s in statuses if s in REPORTED),
        on_time=statuses.count("submitted"),
        late=statuses.count("late"),
        draft=statuses.count("draft"),
        missing=statuses.count("missing"),
        by_kind=by_kind,
    )


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of a chart; value None: no unit of the group gave a figure."""

    label: str
    value: float | None


def bar_texts(bars: Iterable[Bar], *, percent: bool) -> list[str]:
    """The figure written beside each bar, all with the same number of decimals.

    One decimal on every bar as soon as one bar needs it ("1,2%" beside "1,0%", never "1%"),
    none when every figure is whole ("50%", "0%").
    """
    values = [bar.value for bar in bars]
    digits = 1 if any("," in vn_number(v) for v in values if v is not None) else 0
    suffix = "%" if percent else ""
    return [NO_DATA if v is None else f"{vn_fixed(v, digits)}{suffix}" for v in values]


def chart_description(
    caption: str, bars: Iterable[Bar], *, percent: bool, target: float | None
) -> str:
    """The chart in words, for its alt text: "Biểu đồ 1. …: Xã 1,2%; … (chỉ tiêu 100%)."."""
    listed = list(bars)
    figures = "; ".join(
        f"{bar.label} {text}"
        for bar, text in zip(listed, bar_texts(listed, percent=percent), strict=True)
    )
    aim = f" (chỉ tiêu {vn_percent(target)})" if target is not None else ""
    return f"{caption}: {figures}{aim}."


@dataclass(frozen=True, slots=True)
class Measured:
    """Section II: one measured question, the province's figure and its bars."""

    spec: MeasureSpec
    section: str
    count: int  # units with an answer (share: units answering yes)
    total: int  # units that must report
    value: float | None  # share or mean in percent, or the total; None without data
    target: float | None  # percent
    bars: tuple[Bar, ...]
    options: tuple[tuple[str, int], ...] = ()


def parse_percent(text: str) -> float | None:
    """The first "NN%" in a text, as a number."""
    match = _PERCENT.search(text)
    return float(match[1].replace(",", ".")) if match else None


@cache
def plan_target(section: str) -> float | None:
    """The first percentage the plan states in a section (II.1.b → 100.0)."""
    for item in builtin_plan().sections:
        if item.id == section:
            return parse_percent(item.text)
    return None


def _answers(rows: Iterable[ExportRow], question: str) -> list[tuple[str, object]]:
    return [
        (row.kind, row.raw[question])
        for row in rows
        if row.status in REPORTED and row.raw.get(question) is not None
    ]


def _by_kind(table: ExportTable, spec: MeasureSpec, kinds: list[str]) -> tuple[Bar, ...]:
    """A bar for every kind of unit and the province, even a kind that has no figure yet.

    The office reads the chart for the kinds lagging behind: a share of a kind none of whose
    units answered yes is 0%; a mean or total of a kind none of whose units reported is shown
    as having no figure (a 0 there would claim the units reported nothing).
    """
    bars = []
    for kind in [*kinds, None]:
        rows = [r for r in table.rows if kind is None or r.kind == kind]
        figure = _figure(rows, spec)
        value = figure[1] if figure is not None else (0.0 if spec.measure == "share" else None)
        bars.append(Bar(PROVINCE if kind is None else kind_label(kind), value))
    return tuple(bars)


def _figure(rows: list[ExportRow], spec: MeasureSpec) -> tuple[int, float] | None:
    """(count, value) for a group of rows, or None without data."""
    given = _answers(rows, spec.question)
    if spec.measure == "share":
        yes = sum(1 for _, value in given if value == spec.yes_code)
        return (yes, 100 * yes / len(rows)) if given and rows else None
    numbers = [float(str(value)) for _, value in given]
    if not numbers:
        return None
    if spec.measure == "mean":
        return len(numbers), sum(numbers) / len(numbers)
    return len(numbers), sum(numbers)


def misfit(spec: MeasureSpec, question: Question) -> str | None:
    """Why the template's measure cannot be taken of this question, or None."""
    if spec.measure in ("mean", "total") and question.type not in NUMBER_TYPES:
        return f"{spec.measure} needs a number question, not {question.type}"
    if spec.measure in ("share", "choice") and question.type not in ("single_choice", "yes_no"):
        return f"{spec.measure} needs a single-choice or yes/no question, not {question.type}"
    if spec.measure == "share" and question.option(spec.yes_code) is None:
        return f"yes_code {spec.yes_code!r} is not an option of the question"
    return None


def measure(table: ExportTable, spec: MeasureSpec) -> Measured:
    """The province's figure for one question of the survey."""
    question = next(q for q in table.questions if q.id == spec.question)
    section = (question.section or "").split(",")[0].strip()
    target = parse_percent(spec.target) if spec.target else None
    if target is None and spec.measure in ("share", "mean") and section:
        target = plan_target(section)
    kinds = _kinds(table)
    total = len(table.rows)
    if spec.measure == "choice":
        given = [value for _, value in _answers(table.rows, spec.question)]
        options = tuple((o.label, given.count(o.code)) for o in question.options)
        bars = tuple(Bar(label, count) for label, count in options)
        value = float(len(given)) if given else None
        return Measured(spec, section, len(given), total, value, None, bars, options)
    figure = _figure(list(table.rows), spec)
    count, value = figure if figure is not None else (0, None)
    bars = _by_kind(table, spec, kinds) if figure is not None else ()
    return Measured(spec, section, count, total, value, target, bars)


@dataclass(frozen=True, slots=True)
class Quote:
    """One difficulty or proposal, and the units that wrote it."""

    text: str
    units: tuple[str, ...]


def _key(text: str) -> str:
    return fold(text.lower()).strip(_TRAILING)


# Polite endings that do not change what an answer says ("không có ạ", "không có gì cả").
_PARTICLES = frozenset({"a", "ca", "nhe", "nha", "ah"})


def meaning_key(text: str) -> str:
    """What an answer says, spelt one way: words folded, phone shorthand spelt out.

    "ko co", "k có", "khong co" and "Không có." all read "khong co"; "-", "." or "..." read "".
    """
    words = [fold(word) for word in expand_shorthand(tokenize(text))]
    while len(words) > 1 and words[-1] in _PARTICLES:
        words.pop()
    return " ".join(words)


def quotes(table: ExportTable, question: str, *, empty: Iterable[str] = ()) -> list[Quote]:
    """Free-text answers of the reporting units, deduplicated, most often given first.

    An answer that says nothing (one of ``empty``, typed any way, or only punctuation) is left out.
    """
    skip = {meaning_key(text) for text in empty}
    grouped: dict[str, tuple[str, list[str]]] = {}
    for row in table.rows:
        value = row.raw.get(question)
        if row.status not in REPORTED or not isinstance(value, str):
            continue
        text = one_printable_line(value)
        key = _key(text)
        meaning = meaning_key(text)
        if not key or not meaning or meaning in skip:
            continue
        _, units = grouped.setdefault(key, (text.rstrip(_TRAILING), []))
        units.append(row.unit)
    ordered = sorted(grouped.values(), key=lambda item: -len(item[1]))
    return [Quote(text, tuple(units)) for text, units in ordered]
