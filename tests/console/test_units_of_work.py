"""Small pure parts of the console: Host names, the FAQ hook, period validation."""

from __future__ import annotations

import pytest

from dashboard.security import allowed_hosts, host_name
from handlers import Services
from knowledge.faq import FaqEntry


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8080", "127.0.0.1"),
        ("[::1]:8080", "::1"),
        ("LocalHost", "localhost"),
        ("example.org.", "example.org"),
    ],
)
def test_host_name_drops_port_and_case(header: str, name: str) -> None:
    assert host_name(header) == name


def test_allowed_hosts_include_loopback_and_webhook_hosts_when_configured() -> None:
    wildcard = "0.0.0.0"  # noqa: S104 (a WEB_HOST value, nothing binds here)
    hosts = allowed_hosts(
        ["cds.quangngai.gov.vn"], web_host=wildcard, urls=("https://bot.example.vn/tg", None)
    )

    assert hosts == {
        "localhost", "127.0.0.1", "::1", "cds.quangngai.gov.vn", "bot.example.vn",
    }  # fmt: skip


def test_faq_hook_answers_a_stored_entry_when_question_matches(services: Services) -> None:
    entry = FaqEntry(("Mật khẩu wifi của ủy ban xã là gì?",), ("II.1.b",), "Hỏi văn phòng xã.")

    answer = services.kb.answer_from_faq("mat khau wifi cua uy ban xa la gi", [entry])

    assert answer is not None
    assert answer.text.startswith("Hỏi văn phòng xã.")
    assert answer.sources[0].section == "II.1.b"


def test_faq_hook_stays_silent_when_question_differs(services: Services) -> None:
    entry = FaqEntry(("Mật khẩu wifi của ủy ban xã là gì?",), (), "Hỏi văn phòng xã.")

    assert services.kb.answer_from_faq("Ai lập Mạng lưới Chuyển đổi số?", [entry]) is None
