"""Button keys: ASCII, at most 64 bytes, reversible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from knowledge.documents import builtin_plan
from knowledge.keys import MAX_KEY_BYTES, parse_section_key, section_key


def test_section_key_round_trip_for_every_plan_section() -> None:
    for section in builtin_plan().sections:
        key = section_key("87/KH-UBND", section.id)
        assert key.isascii()
        assert len(key.encode()) <= MAX_KEY_BYTES
        assert parse_section_key(key) == ("87/KH-UBND", section.id)


def test_section_key_encodes_d_bar() -> None:
    assert section_key("87/KH-UBND", "IV.2.đ") == "kb:87_KH-UBND:IV.2.~d"


def test_section_key_round_trip_for_legal_ids() -> None:
    key = section_key("12/2025/NĐ-CP", "Điều 5.2.đ")
    assert len(key.encode()) <= MAX_KEY_BYTES
    assert parse_section_key(key) == ("12/2025/NĐ-CP", "Điều 5.2.đ")


def test_parse_section_key_when_not_a_key() -> None:
    assert parse_section_key("survey:1") is None
    assert parse_section_key("kb:") is None
    assert parse_section_key("kb:a:~q") is None
    assert parse_section_key("kb:a:b" + "x" * 80) is None


@given(
    st.text(min_size=1, max_size=12, alphabet=st.characters(max_codepoint=0xFFFF)),
    st.text(min_size=1, max_size=6, alphabet=st.characters(max_codepoint=0xFFFF)),
)
def test_section_key_round_trip_property(doc: str, section: str) -> None:
    try:
        key = section_key(doc, section)
    except ValueError:
        return
    assert key.isascii()
    assert len(key.encode()) <= MAX_KEY_BYTES
    assert parse_section_key(key) == (doc, section)
