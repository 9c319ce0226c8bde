"""Questions the plan's text cannot answer but the assistant's own records can.

"hạn nộp báo cáo khi nào" (the survey's next due day), "báo cáo gồm những gì" (its questions),
"đơn vị tôi đã báo cáo chưa" (this period's status), "sắp tới có hạn gì" (upcoming deadlines).
Pure: which kind of question a text is, nothing more.
"""

from __future__ import annotations

from typing import Literal

from knowledge.normalize import expand_shorthand, fold, tokenize

LiveIntent = Literal["report_due", "report_status", "report_contents", "upcoming"]

_REPORT = ("bao cao",)
_DUE = (
    "han", "thoi han", "han chot", "deadline", "khi nao", "bao gio", "ngay nao", "ngay may",
    "may ngay", "con bao lau", "luc nao", "truoc ngay",
)  # fmt: skip
_STATUS = ("da gui", "da nop", "da bao cao", "gui chua", "nop chua", "bao cao chua", "xong chua")
_CONTENTS = (
    "gom nhung gi", "gom gi", "hoi gi", "hoi nhung gi", "may cau", "bao nhieu cau", "nhung cau",
    "cau hoi", "dien gi", "dien nhung gi", "can dien", "noi dung bao cao", "mau bao cao",
)  # fmt: skip
_UPCOMING = (
    "sap den han", "sap het han", "han sap toi", "viec sap toi", "nhung han nao", "cac han",
    "co han gi", "han gi", "viec gi sap", "lich han", "nhac viec",
)  # fmt: skip
# "hạn" in "trung hạn", "quyền hạn", "hạn chế" is no deadline.
_NOT_DUE_BEFORE = frozenset({"trung", "dai", "ngan", "gioi", "quyen", "co"})


def _text(question: str) -> str:
    return f" {' '.join(fold(t) for t in expand_shorthand(tokenize(question)))} "


def _has(text: str, phrases: tuple[str, ...]) -> bool:
    return any(f" {p} " in text for p in phrases)


def _asks_due(text: str) -> bool:
    words = text.split()
    for i, word in enumerate(words):
        if word == "han" and not (i and words[i - 1] in _NOT_DUE_BEFORE):
            if i + 1 < len(words) and words[i + 1] == "che":
                continue
            return True
    return _has(text, tuple(p for p in _DUE if p != "han"))


def live_intent(question: str) -> LiveIntent | None:
    """What a question asks of the assistant's records, or None for a question on the plan."""
    text = _text(question)
    if _has(text, _UPCOMING):
        return "upcoming"
    if not _has(text, _REPORT):
        return None
    if _has(text, _CONTENTS):
        return "report_contents"
    if _asks_due(text):
        return "report_due"
    if _has(text, _STATUS) or text.rstrip().endswith(" chua"):
        return "report_status"
    return None
