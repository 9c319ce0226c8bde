"""Whether a message is a person's full name rather than a question.

A name typed where no registration is under way (after «Không đồng ý», or by a stranger) is
personal data: it is never kept as an unanswered question, and one that is surely a name
(`is_surely_a_name`) is not answered from the plan either.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from knowledge.normalize import fold, is_valid_syllable

# Common Vietnamese family names that are not also the first word of everyday phrases (phạm vi,
# lương, đào tạo, lưu trữ, nông thôn, đoàn thể, lý do, mai, cao, hà, hồ sơ, ...): a text that
# starts with one of those reads as a name only when every word is capitalised.
SURNAMES: Final = frozenset(
    [
        "nguyễn",
        "trần",
        "lê",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "ngô",
        "dương",
        "đinh",
        "trương",
        "trịnh",
        "tạ",
        "quách",
        "châu",
        "kiều",
        "hứa",
        "mạc",
    ]
)
_FOLDED_SURNAMES: Final = frozenset(fold(name) for name in SURNAMES)


def looks_like_name(text: str) -> bool:
    """Two to five Vietnamese syllables of letters that read as a full name: each word
    capitalised ("Nguyễn Văn An"), or a family name first ("nguyễn văn an", "nguyen van an")."""
    words = unicodedata.normalize("NFC", text).split()
    if not 2 <= len(words) <= 5 or not all(word.isalpha() for word in words):
        return False
    lower = [word.lower() for word in words]
    if not all(is_valid_syllable(word) for word in lower):
        return False
    if all(word[0].isupper() for word in words):
        return True
    first = lower[0]
    return first in SURNAMES or (fold(first) == first and first in _FOLDED_SURNAMES)


def is_surely_a_name(text: str) -> bool:
    """A name beyond doubt: a family name first, typed with its marks ("Nguyễn Văn Bảo") or
    with every word capitalised ("Nguyen Van Bao"); "phan cong nhiem vu" may be "phân công"."""
    if not looks_like_name(text):
        return False
    words = unicodedata.normalize("NFC", text).split()
    first = words[0].lower()
    if all(word[0].isupper() for word in words) and fold(first) in _FOLDED_SURNAMES:
        return True
    return first in SURNAMES and any(fold(word) != word.lower() for word in words)
