"""What kind of fact a question asks for (a deadline, a date, a figure) and where text has one."""

from __future__ import annotations

import re

from knowledge.normalize import fold, has_diacritics

_DEADLINE_WORDS = ("han", "deadline", "hoan thanh", "xong", "thoi han", "han chot")
_WHEN_WORDS = ("khi nao", "bao gio", "ngay nao", "thoi gian", "luc nao", "nam nao", "thang nao")
_NUMBER_WORDS = ("bao nhieu", "phan tram", "ty le", "chi tieu", "so luong", "muc chi")
# A question about what a body must do ("Sở Nội vụ phải làm gì", "ai lo", "có nhiệm vụ gì").
_DUTY_WORDS = (
    "nhiem vu",
    "trach nhiem",
    "lam gi",
    "can lam",
    "vai tro",
    "lo",
    "phu trach",
    "duoc giao",
    "giao viec",
    "chu tri",
    "phoi hop",
    "dam nhan",
    "dam nhiem",
    "cong viec",
    "phan viec",
    "viec gi",
)

DEADLINE_RE = re.compile(r"hoàn thành trong ([^;.,\n]+)|(?:trước|chậm nhất) (ngày [^;.,\n]+)")
DATE_RE = re.compile(
    r"ngày \d{1,2} tháng \d{1,2} năm \d{4}|ngày \d{1,2}/\d{1,2}/\d{4}|tháng \d{1,2}/\d{4}"
    r"|(?:đến|trước) năm \d{4}"
)
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?\s?%[^.\n]*")


def _has_phrase(words: list[str], phrase: str) -> bool:
    return f" {phrase} " in f" {' '.join(words)} "


# Folded "may" is "mấy" (how many) unless it is "bộ máy", "tờ máy", "đám mây", "ngày mai",
# "máy tính", "máy chủ", "máy in", "máy quét", "máy bay".
_NOT_HOW_MANY_BEFORE = frozenset({"bo", "to", "dam", "ngay", "thang", "nam"})
_NOT_HOW_MANY_AFTER = frozenset({"tinh", "chu", "moc", "in", "quet", "bay"})


def how_many_at(tokens: tuple[str, ...] | list[str], i: int) -> bool:
    """Whether ``tokens[i]``, folded "may", means "how many" (typed with marks: only "mấy")."""
    typed = tokens[i]
    if has_diacritics(typed):
        return typed == "mấy"
    before = fold(tokens[i - 1]) if i else ""
    after = fold(tokens[i + 1]) if i + 1 < len(tokens) else ""
    return before not in _NOT_HOW_MANY_BEFORE and after not in _NOT_HOW_MANY_AFTER


def asks_deadline(tokens: tuple[str, ...] | list[str]) -> bool:
    """The question asks for a deadline ("hạn", "deadline", "bao giờ xong")."""
    words = [fold(t) for t in tokens]
    return any(_has_phrase(words, p) for p in _DEADLINE_WORDS)


def asks_when(tokens: tuple[str, ...] | list[str]) -> bool:
    """The question asks for a time ("khi nào", "bao giờ", "ngày nào") or a deadline."""
    words = [fold(t) for t in tokens]
    return asks_deadline(tokens) or any(_has_phrase(words, p) for p in _WHEN_WORDS)


def asks_number(tokens: tuple[str, ...] | list[str]) -> bool:
    """The question asks for a figure ("bao nhiêu", "tỷ lệ", "mấy")."""
    words = [fold(t) for t in tokens]
    return "mấy" in tokens or any(_has_phrase(words, p) for p in _NUMBER_WORDS)


# A question about the legal basis ("căn cứ quyết định nào", "thực hiện theo văn bản nào").
_BASIS_WORDS = (
    "can cu",
    "dua tren",
    "dua vao",
    "thuc hien theo",
    "quyet dinh nao",
    "van ban nao",
    "nghi dinh nao",
    "co so phap ly",
)
# A cited document with its number, date and issuer: "Quyết định số 1690/QĐ-TTg ngày
# 26/12/2023 của Thủ tướng Chính phủ".
DOCUMENT_REF_RE = re.compile(
    r"(?:Quyết định|Nghị quyết|Nghị định|Kết luận|Chỉ thị|Thông tư|Luật) số \S+ ngày "
    r"\d{1,2}/\d{1,2}/\d{4}(?: của (?:[^\s,;.(]+ ?){1,6}?(?= phê duyệt| về|[,;.(]|$))?"
)


def asks_basis(tokens: tuple[str, ...] | list[str]) -> bool:
    """The question asks which document the plan (or a part) rests on."""
    words = [fold(t) for t in tokens]
    return any(_has_phrase(words, p) for p in _BASIS_WORDS)


_NOT_DUTY_AFTER_PHAI = frozenset({"la", "thanh", "nam", "thuoc", "co", "khong", "ko", "k"})


# The plan itself as what is sent ("kế hoạch gửi cho những nơi nào", "Bộ có nhận kh này không").
_DOCUMENT = (("ke", "hoach"), ("van", "ban"))
_SENT = frozenset({"gui", "nhan"})
# What else a question may send: then the plan is where it is sent from, not what is sent.
_OTHER_SENT = ("bao cao", "ket qua", "du toan", "kien nghi", "de xuat", "danh gia")


def asks_recipients(tokens: tuple[str, ...] | list[str]) -> bool:
    """The question asks who the plan is sent to: its «Nơi nhận»."""
    words = [fold(t) for t in tokens]
    if _has_phrase(words, "noi nhan"):
        return True
    if any(_has_phrase(words, other) for other in _OTHER_SENT):
        return False
    for i in range(len(words) - 1):
        if (words[i], words[i + 1]) in _DOCUMENT:
            before = words[max(0, i - 2) : i]
            after = words[i + 2 : i + 5]  # "kh 87 gửi", "kh này có gửi"
            if _SENT & {*before, *after}:
                return True
    return False


def asks_duty(tokens: tuple[str, ...] | list[str]) -> bool:
    """The question asks what someone must do ("phải làm gì", "nhiệm vụ", "ai lo")."""
    words = [fold(t) for t in tokens]
    # "phải" is an obligation, except in "có phải là/thành viên ..." (is it a ...?).
    must = any(
        w == "phai" and (i + 1 == len(words) or words[i + 1] not in _NOT_DUTY_AFTER_PHAI)
        for i, w in enumerate(words)
    )
    return must or any(_has_phrase(words, p) for p in _DUTY_WORDS)


_DEFINITION_WORDS = (
    "la gi",
    "nghia la gi",
    "the nao la",
    "dinh nghia",
    "khai niem",
    "hieu la",
    "noi ve gi",
    "noi ve cai gi",
    "de cap gi",
    "de cap den gi",
)


def definition_words(tokens: tuple[str, ...] | list[str]) -> frozenset[str]:
    """The folded words asking what something is or is about ("là gì", "thế nào là", "nói về
    gì"); empty when the question asks no such thing."""
    words = [fold(t) for t in tokens]
    return frozenset(w for p in _DEFINITION_WORDS if _has_phrase(words, p) for w in p.split())


def asks_definition(tokens: tuple[str, ...] | list[str]) -> bool:
    """The question asks what something is or is about ("chuyển đổi số là gì", "thế nào là
    …", "kế hoạch này nói về gì")."""
    return bool(definition_words(tokens))


def has_time(text: str) -> bool:
    """The text states a deadline or a dated time."""
    return bool(DEADLINE_RE.search(text) or DATE_RE.search(text))


# Counting words and the item they name (0-based; -1 is the last).
_ORDINALS = {
    "dau tien": 0,
    "thu nhat": 0,
    "thu hai": 1,
    "thu 2": 1,
    "thu ba": 2,
    "thu 3": 2,
    "thu tu": 3,
    "thu 4": 3,
    "cuoi cung": -1,
}


def ordinal(tokens: tuple[str, ...] | list[str]) -> int | None:
    """The item a question counts to ("mục đích đầu tiên" → 0, "cuối cùng" → -1), or None."""
    words = [fold(t) for t in tokens]
    found = [n for phrase, n in _ORDINALS.items() if _has_phrase(words, phrase)]
    return found[0] if len(found) == 1 else None
