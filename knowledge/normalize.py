"""Vietnamese text normalisation: one spelling per syllable, folding, telex repair, shorthand."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Final

# Syllables repeat endlessly: caching keeps a query well under a millisecond.
_CACHE_SIZE = 1 << 16
# Combining tone marks: huyền, sắc, ngã, hỏi, nặng.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
_MARKED = "ăâêôơư"
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})

# Structural shape of a folded syllable: onset, 1-3 vowels, optional final consonant.
_SYLLABLE_RE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
    r"[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$"
)
_BAD_VOWEL_RUNS = ("aa", "ee", "ii", "yy", "uuu")

# Onsets after which a lone i/y is spelled both ways (kĩ/kỹ, lí/lý, tỉ/tỷ, qui/quy).
_IY_ONSETS = frozenset({"h", "k", "l", "m", "t", "s", "qu"})

# Texting shorthand → full words (folded keys; applied only to tokens without diacritics
# or to the exact spellings listed).
SHORTHAND: Mapping[str, str] = {
    "ko": "không",
    "k": "không",
    "kg": "không",
    "kh": "không",
    "hk": "không",
    "hok": "không",
    "khg": "không",
    "dc": "được",
    "đc": "được",
    "dk": "được",
    "đk": "được",
    "j": "gì",
    "lm": "làm",
    "bn": "bao nhiêu",
    "ntn": "như thế nào",
    "sao": "thế nào",
    "vs": "với",
    "ng": "người",
    "cx": "cũng",
    "cg": "cũng",
    "trc": "trước",
    "mn": "mọi người",
    "cq": "cơ quan",
    "dv": "đơn vị",
    "đv": "đơn vị",
    "bc": "báo cáo",
    "yc": "yêu cầu",
    "ns": "nói",
    "nx": "nữa",
    "wa": "qua",
    "ms": "mới",
    "thik": "thích",
    "z": "vậy",
    "dz": "vậy",
    "ad": "bạn",
    "add": "bạn",
    "ak": "à",
    "nhe": "nhé",
    "h": "giờ",
}


# "kh" is both "không" and "kế hoạch": it is "không" at the end of a question and before a
# particle or a verb it negates ("kh biết", "kh ạ"), "kế hoạch" elsewhere ("kh yêu cầu gì").
_KH_ABBREVIATES = frozenset({"cn", "dt"})
_KH_NEGATES = frozenset(
    {"a", "ah", "ak", "ha", "nhi", "nhe", "ta", "vay", "z", "nua", "ad"}
    | {"biet", "hieu", "ro", "thay", "co", "can", "phai", "duoc", "dc", "chac"}
)


def read_kh(tokens: list[str]) -> list[str]:
    """Spell out each "kh" as "không" or "kế hoạch" by its neighbour (see `_KH_NEGATES`).

    In "KH&CN" and "KH&ĐT" (read "kh cn", "kh đt") it is the start of an abbreviation and stays.
    """
    out: list[str] = []
    for i, word in enumerate(tokens):
        if word != "kh" or (i + 1 < len(tokens) and fold(tokens[i + 1]) in _KH_ABBREVIATES):
            out.append(word)
        elif i + 1 == len(tokens) or fold(tokens[i + 1]) in _KH_NEGATES:
            out.append("không")
        else:
            out.extend(("kế", "hoạch"))
    return out


@lru_cache(maxsize=_CACHE_SIZE)
def fold(text: str) -> str:
    """Return ``text`` without diacritics (đ→d), for recall-oriented matching."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_diacritics(token: str) -> bool:
    """Tell whether ``token`` carries any Vietnamese mark (tone, hat, horn, breve, đ)."""
    return fold(token) != token


def typed_with_marks(tokens: list[str] | tuple[str, ...]) -> bool:
    """Whether a question was typed with Vietnamese marks (most syllables carry them)."""
    words = [t for t in tokens if not t.isdigit()]
    return bool(words) and 2 * sum(has_diacritics(t) for t in words) >= len(words)


def _strip_tone(syllable: str) -> tuple[str, str]:
    """Split a syllable into its letters without tone and its tone mark ("" if level)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONES]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bare, (tones[-1] if tones else "")


def _tone_position(bare: str) -> int:
    """Index of the vowel that carries the tone, in the old (traditional) style."""
    start = 0
    if (bare.startswith("qu") and len(bare) > 2 and bare[2] in _VOWELS) or (
        bare.startswith("gi") and len(bare) > 2 and bare[2] in _VOWELS
    ):
        start = 2
    positions = [i for i in range(start, len(bare)) if bare[i] in _VOWELS]
    if not positions:
        positions = [i for i, c in enumerate(bare) if c in _VOWELS]
    if not positions:
        return -1
    # Only the first run of vowels is the nucleus.
    run = [positions[0]]
    for p in positions[1:]:
        if p != run[-1] + 1:
            break
        run.append(p)
    marked = [p for p in run if bare[p] in _MARKED]
    if marked:
        horn_o = [p for p in marked if bare[p] == "ơ"]
        return horn_o[0] if horn_o else marked[0]
    has_final = run[-1] + 1 < len(bare)
    if has_final or len(run) == 1:
        return run[-1]
    if len(run) == 3:
        return run[1]
    return run[0]


def _apply_tone(bare: str, tone: str) -> str:
    if not tone:
        return bare
    pos = _tone_position(bare)
    if pos < 0:
        return bare
    marked = unicodedata.normalize("NFC", bare[pos] + tone)
    return bare[:pos] + marked + bare[pos + 1 :]


@lru_cache(maxsize=_CACHE_SIZE)
def canonical_syllable(token: str) -> str:
    """One spelling for a lowercase syllable: tone on the traditional vowel, i/y unified."""
    bare, tone = _strip_tone(token)
    if not bare.isalpha():
        return token
    for onset in _IY_ONSETS:
        if bare == onset + "i":
            bare = onset + "y"
            break
    return _apply_tone(bare, tone)


def normalize_text(text: str) -> str:
    """NFC, lowercase, control characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():  # most questions are: no character to replace
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.lower().split())


# Untrusted text at the boundary. C0 controls (but tab and newline), DEL and C1 controls are
# never part of what a person meant: ESC starts terminal sequences, and xlsx refuses them all.
# Vertical tab (Word's Shift+Enter), form feed and NEL separate lines, so they become newlines.
NUL: Final = "\x00"
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without control characters: CR, CRLF, VT, FF, NEL become newlines; tab stays.

    NUL is dropped too; where the user can be told, refuse it first (`has_nul`).
    """
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))


def has_nul(text: str) -> bool:
    """Whether ``text`` holds a NUL, which PostgreSQL cannot store in a text column."""
    return NUL in text


def tokenize(text: str) -> list[str]:
    """Split text into canonical lowercase syllables and numbers (diacritics kept)."""
    return [canonical_syllable(t) for t in _TOKEN_RE.findall(normalize_text(text))]


@lru_cache(maxsize=_CACHE_SIZE)
def is_valid_syllable(token: str) -> bool:
    """Tell whether ``token`` has the shape of a Vietnamese syllable (or is a number)."""
    if token.isdigit():
        return True
    bare, _ = _strip_tone(token)
    if any(c not in "abcdđeghiklmnopqrstuvxyăâêôơư" for c in bare):
        return False
    folded = fold(bare)
    if not _SYLLABLE_RE.match(folded):
        return False
    return not any(run in folded for run in _BAD_VOWEL_RUNS)


_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_HATS = {"a": "â", "e": "ê", "o": "ô", "d": "đ"}
_TELEX_HORN = {"a": "ă", "o": "ơ", "u": "ư"}


def telex_decode(token: str) -> str | None:
    """Decode a syllable typed in telex without an input method (``chuyeenr`` → ``chuyển``)."""
    if not token.isascii() or not token.isalpha() or len(token) > 10:
        return None
    out: list[str] = []
    tone = ""
    for ch in token:
        seen_vowel = any(fold(c) in "aeiouy" for c in out)
        if ch in _TELEX_TONES and seen_vowel:
            tone = _TELEX_TONES[ch]
        elif ch == "z" and seen_vowel:
            tone = ""
        elif ch in _TELEX_HATS and out and out[-1] == ch:
            out[-1] = _TELEX_HATS[ch]
        elif ch == "w":
            word = "".join(out)
            if word.endswith("uo") or (len(out) > 2 and word[-3:-1] == "uo"):
                idx = word.rfind("uo")
                out[idx], out[idx + 1] = "ư", "ơ"
            else:
                idx = max((i for i, c in enumerate(out) if c in _TELEX_HORN), default=-1)
                if idx >= 0:
                    out[idx] = _TELEX_HORN[out[idx]]
                else:
                    out.append("ư")
        else:
            out.append(ch)
    decoded = _apply_tone("".join(out), tone)
    if decoded == token or not is_valid_syllable(decoded):
        return None
    return canonical_syllable(decoded)


def repair_token(token: str, vocab: Mapping[str, int] | None = None) -> str:
    """Repair a telex leftover; with a corpus ``vocab`` (exact syllable → count) restore its tone.

    Only tokens that are neither valid syllables nor known words are touched.
    """
    if vocab is not None and token in vocab:
        return token
    if is_valid_syllable(token):
        return token
    decoded = telex_decode(token)
    if decoded is None:
        return token
    if vocab is None or decoded in vocab:
        return decoded
    # The user may have skipped the tone key (ddooi): prefer the corpus spelling of the
    # same letters, which is how the plan writes the word.
    bare, _ = _strip_tone(decoded)
    same_letters = [w for w in vocab if _strip_tone(w)[0] == bare]
    if same_letters:
        return max(same_letters, key=lambda w: vocab[w])
    return decoded


# "bn" is "bao nhiêu" ("cần bn người") but "bạn" after the particle that ends a question
# ("có phải … ko bn") and before "ơi" ("bn ơi").
_ENDS_QUESTION = frozenset({"không", "chưa", "à", "ạ", "nhé", "nhỉ", "hả", "vậy", "nha"})


def _last(words: list[str]) -> str | None:
    return words[-1] if words else None


def spelled_out(word: str, before: str | None, after: str | None) -> str | None:
    """The words a texting shorthand stands for between these neighbours, or None."""
    if word == "bn" and (before in _ENDS_QUESTION or (after is not None and fold(after) == "oi")):
        return "bạn"
    return SHORTHAND.get(word)


def folded_question(question: str) -> str:
    """A question's words folded, shorthand spelled out, one space apart: how phrases of
    intent and change terms are matched."""
    return " ".join(fold(t) for t in expand_shorthand(tokenize(question)))


def expand_shorthand(tokens: list[str], known: Mapping[str, int] | None = None) -> list[str]:
    """Replace texting shorthand (ko, dc, j, ntn, ...) by the full words.

    Tokens found in ``known`` (the corpus vocabulary) are kept: "KH" in "87/KH-UBND" is no
    shorthand for "không".
    """
    out: list[str] = []
    for i, tok in enumerate(tokens):
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        full = None if known is not None and tok in known else spelled_out(tok, _last(out), after)
        if full is None:
            out.append(tok)
        else:
            out.extend(full.split())
    return out
