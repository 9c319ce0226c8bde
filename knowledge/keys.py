"""Short ASCII keys for section buttons (Telegram ``callback_data`` holds at most 64 bytes)."""

from __future__ import annotations

import re

KEY_PREFIX = "kb:"
# «Xem đầy đủ» of a FAQ answer: ``faq:<entry key>`` (see `knowledge.faq.FaqEntry.key`).
FAQ_PREFIX = "faq:"
_FAQ_KEY = re.compile(r"[co][0-9]{1,12}")
# Appended to a section key for the whole section («Xem đầy đủ»).
WHOLE_MARK = ":all"
MAX_KEY_BYTES = 64
_SAFE = re.compile(r"[A-Za-z0-9.\-]")
# Short forms for the characters section ids and document numbers use most.
_SHORT = {"/": "_", " ": "+", "đ": "~d", "Đ": "~D"}
_SHORT_BACK = {"_": "/", "+": " "}
_ESCAPE_BACK = {"d": "đ", "D": "Đ"}


def _encode(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if _SAFE.fullmatch(ch):
            out.append(ch)
        elif ch in _SHORT:
            out.append(_SHORT[ch])
        elif ord(ch) <= 0xFFFF:
            out.append(f"~x{ord(ch):04X}")
        else:
            raise ValueError("characters outside the Basic Multilingual Plane are not encodable")
    return "".join(out)


def _decode(text: str) -> str | None:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "~":
            code = text[i + 1 : i + 2]
            if code in _ESCAPE_BACK:
                out.append(_ESCAPE_BACK[code])
                i += 2
                continue
            digits = text[i + 2 : i + 6]
            if code != "x" or not re.fullmatch(r"[0-9A-F]{4}", digits):
                return None
            out.append(chr(int(digits, 16)))
            i += 6
        elif ch in _SHORT_BACK:
            out.append(_SHORT_BACK[ch])
            i += 1
        elif _SAFE.fullmatch(ch):
            out.append(ch)
            i += 1
        else:
            return None
    return "".join(out)


def section_key(doc: str, section: str, *, whole: bool = False) -> str:
    """Encode a (document, section) pair as ``kb:<doc>:<section>``, ASCII, ≤ 64 bytes.

    With ``whole`` the key asks for the whole section (``kb:<doc>:<section>:all``).

    Raises:
        ValueError: if the key would not fit in `MAX_KEY_BYTES`.
    """
    key = f"{KEY_PREFIX}{_encode(doc)}:{_encode(section)}" + (WHOLE_MARK if whole else "")
    if len(key.encode("ascii")) > MAX_KEY_BYTES:
        raise ValueError(f"section key longer than {MAX_KEY_BYTES} bytes")
    return key


def wants_whole(key: str) -> bool:
    """Whether a section key asks for the whole section."""
    return key.startswith(KEY_PREFIX) and key.endswith(WHOLE_MARK)


def parse_section_key(key: str) -> tuple[str, str] | None:
    """Decode a key made by `section_key` (whole or not); None if it is not one."""
    if not key.startswith(KEY_PREFIX) or len(key) > MAX_KEY_BYTES or not key.isascii():
        return None
    doc_part, sep, section_part = key[len(KEY_PREFIX) :].removesuffix(WHOLE_MARK).partition(":")
    if not sep or not doc_part or not section_part:
        return None
    doc, section = _decode(doc_part), _decode(section_part)
    if doc is None or section is None:
        return None
    return doc, section


def faq_key(entry_key: str) -> str:
    """The button key that opens a FAQ entry's whole answer."""
    return f"{FAQ_PREFIX}{entry_key}"


def parse_faq_key(key: str) -> str | None:
    """The entry key of a `faq_key`; None if it is not one."""
    entry_key = key.removeprefix(FAQ_PREFIX)
    return entry_key if key.startswith(FAQ_PREFIX) and _FAQ_KEY.fullmatch(entry_key) else None
