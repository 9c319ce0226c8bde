"""Rendering helpers shared by the adapters."""

from __future__ import annotations

from handlers import Reply


def split_text(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most `limit` characters without losing any.

    Cuts at the last paragraph break, then line break, then space before the limit, and
    only mid-word when a single word is longer than the limit. Joining the chunks gives
    back the text (the separator stays at the end of its chunk).
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0:
                cut += len(separator)
                break
        else:
            cut = limit
        chunks.append(rest[:cut])
        rest = rest[cut:]
    if rest or not chunks:
        chunks.append(rest)
    return chunks


def numbered(reply: Reply) -> str:
    """A reply for channels without buttons: choices become numbered lines."""
    if not reply.choices:
        return reply.text
    lines = [f"{index}. {choice.label}" for index, choice in enumerate(reply.choices, 1)]
    return reply.text + "\n\n" + "\n".join(lines) + "\n(Gõ số thứ tự để chọn.)"
