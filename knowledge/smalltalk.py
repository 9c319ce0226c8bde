"""Recognise greetings, thanks and other small talk that is not a question about a document."""

from __future__ import annotations

from typing import Literal

from knowledge.normalize import expand_shorthand, fold, tokenize

SmalltalkKind = Literal["greeting", "thanks", "identity", "ack", "bye"]
MAX_SMALLTALK_WORDS = 12

# Folded phrases, longest first within each kind.
_PHRASES: dict[SmalltalkKind, tuple[str, ...]] = {
    "identity": (
        "ban la ai",
        "bn la ai",
        "may la ai",
        "em la ai",
        "ban ten gi",
        "ban ten la gi",
        "ban lam duoc gi",
        "ban giup duoc gi",
        "ban co the lam gi",
        "ban biet lam gi",
        "who are you",
    ),
    "thanks": ("cam on", "thank you", "thanks", "thank", "tks", "thanks you", "camon"),
    "bye": ("tam biet", "bye", "goodbye", "hen gap lai", "bai bai"),
    "greeting": ("xin chao", "chao", "hello", "helo", "hi", "alo", "hey", "good morning"),
    "ack": (
        "ok",
        "oke",
        "okay",
        "okie",
        "vang",
        "da",
        "uh",
        "um",
        "u",
        "duoc roi",
        "hieu roi",
        "ro roi",
        "tot",
        "hay qua",
        "tuyet",
    ),
}


def _words(text: str) -> list[str]:
    """Split a space-separated word list (keeps long word lists readable)."""
    return text.split()


# Words that only soften or address: "cảm ơn bạn nhiều nhé", "chào trợ lý ạ".
_FILLER = frozenset(
    _words(
        "a ban em anh chi nhe nha nhieu lam rat oi minh tro ly bot ad admin cds nhe vay roi nhe "
        "nhi ha hi hihi haha"
    )
)


def detect_smalltalk(text: str) -> SmalltalkKind | None:
    """Return the kind of small talk if the whole message is small talk, else None."""
    tokens = tokenize(text)
    if not tokens or len(tokens) > MAX_SMALLTALK_WORDS:
        return None
    # "bn là ai": shorthand is ambiguous ("bạn"/"bao nhiêu"), so try the words as typed first.
    return _detect([fold(t) for t in tokens]) or _detect(
        [fold(t) for t in expand_shorthand(tokens)]
    )


def _detect(words: list[str]) -> SmalltalkKind | None:
    found: SmalltalkKind | None = None
    i = 0
    while i < len(words):
        hit = _match_at(words, i)
        if hit is not None:
            kind, length = hit
            found = found or kind
            i += length
        elif words[i] in _FILLER:
            i += 1
        else:
            return None
    return found


def _match_at(words: list[str], i: int) -> tuple[SmalltalkKind, int] | None:
    for kind, phrases in _PHRASES.items():
        for phrase in phrases:
            parts = phrase.split()
            if words[i : i + len(parts)] == parts:
                return kind, len(parts)
    return None
