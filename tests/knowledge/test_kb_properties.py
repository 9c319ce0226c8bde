"""answer() never raises and always says something, whatever the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import KnowledgeBase
from knowledge.normalize import has_diacritics

_KB = KnowledgeBase.load()
_VIETNAMESE = "ăâđêôơưáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩịúùủũụýỳỷỹỵ"
_FRAGMENTS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE unit; --",
        "\x00\x07\x1b[31m",
        "🙂👍🇻🇳",
        "…!?;:()[]{}",
        "chuyển đổi số",
        "UBND",
        "中文 русский عربى",
        "\u200b\u202e",
        "mục IV.2.đ",
    ]
)


def _check(text: str) -> None:
    answer = _KB.answer(text)
    assert answer.kind in {"answer", "abstain", "smalltalk", "empty"}
    assert answer.text.strip()
    assert any(has_diacritics(word) for word in answer.text.split())
    if answer.kind == "answer":
        assert answer.sources
    assert all(c.isprintable() or c == "\n" for c in answer.text)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=300))
def test_answer_never_raises_on_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(_FRAGMENTS | st.text(alphabet=_VIETNAMESE + "abc ", max_size=20), max_size=8))
def test_answer_never_raises_on_mixed_fragments(parts: list[str]) -> None:
    _check(" ".join(parts))


def test_answer_on_very_long_input() -> None:
    _check("chuyển đổi số " * 400 + "x" * 5000)


def test_answer_on_only_control_characters() -> None:
    _check("\x00\x01\x02\t\n\r")
