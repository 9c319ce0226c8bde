"""Vietnamese alphabetical order: letters, then tones, then case."""

from __future__ import annotations

from storage.collation import vietnamese_key

ALPHABET = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")


def test_letters_follow_the_vietnamese_alphabet() -> None:
    shuffled = ALPHABET[::2] + ALPHABET[1::2][::-1]

    assert sorted(shuffled, key=vietnamese_key) == ALPHABET


def test_upper_case_letters_sort_with_their_lower_case() -> None:
    assert sorted(["Ư", "u", "Đ", "e", "d", "Â"], key=vietnamese_key) == [
        "Â", "d", "Đ", "e", "u", "Ư",
    ]  # fmt: skip


def test_tones_follow_ngang_huyen_hoi_nga_sac_nang() -> None:
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=vietnamese_key) == [
        "ma", "mà", "mả", "mã", "má", "mạ",
    ]  # fmt: skip


def test_tones_only_break_ties_between_the_same_letters() -> None:
    assert sorted(["mai", "mạ", "mà", "mác"], key=vietnamese_key) == ["mà", "mạ", "mác", "mai"]


def test_names_the_newcomer_saw_out_of_order() -> None:
    names = ["Xã Ya Ly", "Xã Ba Xa", "Xã Đăk Sao", "Xã Long Phụng", "Xã Ba Động", "Xã Mô Rai",
             "Xã Lân Phong", "Xã Măng Bút", "Xã Ba Vinh", "Xã Ba Vì", "Xã Ba Tơ", "Xã Ba Tô",
             "Xã Dục Nông", "Xã Ea Kar"]  # fmt: skip

    assert sorted(names, key=vietnamese_key) == [
        "Xã Ba Động", "Xã Ba Tô", "Xã Ba Tơ", "Xã Ba Vì", "Xã Ba Vinh", "Xã Ba Xa",
        "Xã Dục Nông", "Xã Đăk Sao", "Xã Ea Kar", "Xã Lân Phong", "Xã Long Phụng",
        "Xã Măng Bút", "Xã Mô Rai", "Xã Ya Ly",
    ]  # fmt: skip


def test_a_shorter_name_comes_before_a_longer_one_it_starts() -> None:
    assert sorted(["Xã Ba Tơ", "Xã Ba", "Xã Ba Tơ Kan"], key=vietnamese_key) == [
        "Xã Ba", "Xã Ba Tơ", "Xã Ba Tơ Kan",
    ]  # fmt: skip


def test_decomposed_input_sorts_like_composed_input() -> None:
    composed, decomposed = "Xã Đức Phổ", "Xa\u0303 \u0110u\u031b\u0301c Pho\u0302\u0309"

    assert vietnamese_key(composed) == vietnamese_key(decomposed)
