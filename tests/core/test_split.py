"""`split_text` is lossless, respects the limit and prefers paragraph boundaries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.base import split_text

_texts = st.text(alphabet=st.sampled_from(list("ab ư\nĐ.")), max_size=400)


@given(text=_texts, limit=st.integers(min_value=1, max_value=60))
def test_split_is_lossless(text: str, limit: int) -> None:
    chunks = split_text(text, limit)

    assert "".join(chunks) == text


@given(text=_texts, limit=st.integers(min_value=1, max_value=60))
def test_split_chunks_fit_the_limit(text: str, limit: int) -> None:
    chunks = split_text(text, limit)

    assert all(len(chunk) <= limit for chunk in chunks)
    assert all(chunks) or chunks == [""]


@given(
    paragraphs=st.lists(
        st.text(alphabet=st.sampled_from(list("abc ư\n")), min_size=1, max_size=30).filter(
            lambda p: "\n\n" not in p and not p.endswith("\n") and not p.startswith("\n")
        ),
        min_size=2,
        max_size=8,
    )
)
def test_split_cuts_only_at_paragraphs_when_each_fits(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    limit = max(len(p) for p in paragraphs) + 2

    chunks = split_text(text, limit)

    assert all(chunk.endswith("\n\n") for chunk in chunks[:-1])


def test_split_prefers_a_paragraph_over_a_later_line_break() -> None:
    text = "một\n\nhai\nba bốn"

    chunks = split_text(text, 12)

    assert chunks == ["một\n\n", "hai\nba bốn"]


def test_split_short_text_is_one_chunk() -> None:
    assert split_text("Xin chào", 4096) == ["Xin chào"]
