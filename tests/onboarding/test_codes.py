"""The invite code format: generated, displayed, read back from typed text."""

from __future__ import annotations

import re

import pytest

from handlers import invite_codes

# Telegram deep-link payloads: A-Z, a-z, 0-9, _ and -, up to 64 characters.
TELEGRAM_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def test_displayed_code_is_a_valid_telegram_payload() -> None:
    shown = invite_codes.display(invite_codes.generate())

    assert TELEGRAM_PAYLOAD.match(shown) is not None


def test_displayed_code_reads_back_to_itself() -> None:
    code = invite_codes.generate()

    assert invite_codes.normalize(invite_codes.display(code)) == code


@pytest.mark.parametrize(
    "typed",
    ["CDS-AB2CD-3EF45", "cds ab2cd 3ef45", " cds-ab2cd3ef45 ", "CDS_AB2CD_3EF45", "ab2cd3ef45"],
)
def test_normalize_ignores_case_spaces_and_dashes(typed: str) -> None:
    assert invite_codes.normalize(typed) == "AB2CD3EF45"


def test_normalize_reads_confusable_letters_as_digits() -> None:
    assert invite_codes.normalize("CDS-AB2CD-OEFIL") == "AB2CD0EF11"


@pytest.mark.parametrize("typed", ["CDS-AB2CD-3EF4", "CDS-AB2CD-3EF4U", "x" * 65, "<script>", ""])
def test_normalize_refuses_what_is_not_a_code(typed: str) -> None:
    assert invite_codes.normalize(typed) is None


@pytest.mark.parametrize("text", ["CDS-AB2CD-3EF45", "cds ab2cd 3ef45", "cdsab2cd3ef45"])
def test_find_reads_a_message_that_is_only_a_code(text: str) -> None:
    assert invite_codes.find(text) == text


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Mã mời của tôi là CDS-AB2CD-3EF45.", "CDS-AB2CD-3EF45"),
        ("ma moi cua toi la cds ab2cd 3ef45 nhe", "cds ab2cd 3ef45"),
        ("Mã: CDS – AB2CD – 3EF45!", "CDS – AB2CD – 3EF45"),
        ("gửi anh mã cds_ab2cd_3ef45, cảm ơn", "cds_ab2cd_3ef45"),
        ("CDS ABCDE CDS-AB2CD-3EF45", "CDS-AB2CD-3EF45"),
    ],
)
def test_find_reads_a_code_inside_a_sentence(text: str, typed: str) -> None:
    found = invite_codes.find(text)

    assert found == typed
    assert invite_codes.normalize(found) == "AB2CD3EF45"


@pytest.mark.parametrize(
    "text",
    [
        "cds ban hanh nam",
        "CDS là gì?",
        "AB2CD3EF45",
        "Xã phải làm gì về CĐS?",
        "cds chinh quyen",
        "cds 12345 10000",
    ],
)
def test_find_is_none_for_questions(text: str) -> None:
    assert invite_codes.find(text) is None


def test_find_is_none_when_the_message_is_long() -> None:
    text = "Câu hỏi dài " + "về chuyển đổi số " * 12 + "CDS-AB2CD-3EF45"

    assert invite_codes.find(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Mã mời của tôi là CDS-AB2CD-3EF45.",
        "mã cds ab2cd 3ef4u sai rồi",
        "x" * 500 + " cds-ab2cd-3ef45 " + "y" * 500,
        "CDS-AB2CD-3EF45nhé",
    ],
)
def test_mask_leaves_no_code_shaped_string(text: str) -> None:
    masked = invite_codes.mask(text)

    assert invite_codes.MASK in masked
    assert invite_codes.find(masked[:200]) is None
    assert "AB2CD" not in masked.upper()


def test_mask_keeps_questions_as_they_are() -> None:
    assert invite_codes.mask("cds chinh quyen so") == "cds chinh quyen so"


def test_generated_groups_each_hold_a_digit_from_2_to_9() -> None:
    codes = [invite_codes.generate() for _ in range(200)]

    assert all(invite_codes.find(invite_codes.display(code)) for code in codes)


def test_hash_depends_on_pepper() -> None:
    code = invite_codes.generate()

    first = invite_codes.hash_code(code, pepper="a" * 16)
    second = invite_codes.hash_code(code, pepper="b" * 16)

    assert first != second
