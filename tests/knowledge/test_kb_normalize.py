"""Normalisation: one spelling, folding, telex repair, shorthand."""

from __future__ import annotations

import pytest

from knowledge.normalize import (
    canonical_syllable,
    expand_shorthand,
    fold,
    is_valid_syllable,
    read_kh,
    repair_token,
    telex_decode,
    tokenize,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("kĩ", "kỹ"),
        ("lí", "lý"),
        ("tỉ", "tỷ"),
        ("uỷ", "ủy"),
        ("khoẻ", "khỏe"),
        ("qui", "quy"),
    ],
)
def test_canonical_syllable_when_old_and_new_tone_spellings(a: str, b: str) -> None:
    assert canonical_syllable(a) == canonical_syllable(b)


def test_canonical_syllable_keeps_tone_on_final_vowel_before_consonant() -> None:
    assert canonical_syllable("hoàn") == "hoàn"
    assert canonical_syllable("chuyển") == "chuyển"
    assert canonical_syllable("người") == "người"


def test_tokenize_when_mixed_case_punctuation_and_decomposed_text() -> None:
    decomposed = "Ho\u0300a"  # "Hòa" typed with a combining grave accent
    assert tokenize(f"  KẾ HOẠCH 87/KH-UBND, {decomposed}!") == [
        "kế",
        "hoạch",
        "87",
        "kh",
        "ubnd",
        "hòa",
    ]


def test_tokenize_splits_letters_from_digits() -> None:
    # "kh87" is "KH 87": no Vietnamese word holds a digit.
    assert tokenize("kh87 theo QĐ1690, luật số 24/2018/QH14") == [
        "kh",
        "87",
        "theo",
        "qđ",
        "1690",
        "luật",
        "số",
        "24",
        "2018",
        "qh",
        "14",
    ]


def test_fold_removes_marks_and_d_bar() -> None:
    assert fold("Đổi mới chuyển đổi số") == "Doi moi chuyen doi so"


def test_telex_decode_when_input_method_was_off() -> None:
    assert telex_decode("chuyeenr") == "chuyển"
    assert telex_decode("ddooir") == "đổi"
    assert telex_decode("nguowif") == "người"
    assert telex_decode("dduowcj") == "được"


def test_telex_decode_when_token_is_not_telex() -> None:
    assert telex_decode("cds") is None
    assert telex_decode("xã") is None


def test_repair_token_restores_missing_tone_from_corpus_spelling() -> None:
    assert repair_token("ddooi", {"đổi": 12, "chuyển": 10}) == "đổi"


def test_repair_token_leaves_valid_and_known_words() -> None:
    assert repair_token("so", {"số": 3}) == "so"
    assert repair_token("ubnd", {"ubnd": 3}) == "ubnd"


def test_is_valid_syllable() -> None:
    assert is_valid_syllable("nghiêng")
    assert is_valid_syllable("2024")
    assert not is_valid_syllable("chuyeenr")
    assert not is_valid_syllable("cloud")


def test_expand_shorthand_when_texting_abbreviations() -> None:
    assert expand_shorthand(["có", "dc", "ko"]) == ["có", "được", "không"]
    assert expand_shorthand(["ntn"]) == ["như", "thế", "nào"]
    assert expand_shorthand(["yc", "gì"]) == ["yêu", "cầu", "gì"]
    assert expand_shorthand(["kh"], {"kh": 1}) == ["kh"]


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("cần bn người", "cần bao nhiêu người"),
        ("có bn xã", "có bao nhiêu xã"),
        ("có phải thành viên ko bn", "có phải thành viên không bạn"),
        ("xong chưa bn", "xong chưa bạn"),
        ("bn ơi cho hỏi", "bạn ơi cho hỏi"),
    ],
)
def test_bn_is_bao_nhieu_but_bạn_where_it_addresses_the_reader(typed: str, read: str) -> None:
    assert " ".join(expand_shorthand(typed.split())) == read


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("kh yeu cau gi", ["kế", "hoạch", "yeu", "cau", "gi"]),
        ("co duoc tang bien che kh", ["co", "duoc", "tang", "bien", "che", "không"]),
        ("kh biet hoi ai", ["không", "biet", "hoi", "ai"]),
        ("muc dich cua kh la gi", ["muc", "dich", "cua", "kế", "hoạch", "la", "gi"]),
    ],
)
def test_kh_is_read_as_plan_or_not_by_its_neighbour(question: str, read: list[str]) -> None:
    assert read_kh(tokenize(question)) == read
