"""Over-long console input is refused, naming the field and its limit, with what was typed
kept in the form; nothing is cut and saved (a pasted text, longer than the form's limit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel, select

from bot.config import Settings
from storage.db import make_engine, session_scope
from storage.models import Deadline, FaqRecord, Outbox
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    Seeded,
    in_thread,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread

FORM = "#review-waiting form[id^=return-form]"
SENTENCE = "Số liệu câu 2 chưa khớp danh sách. "  # 35 characters


def _text(length: int) -> str:
    """Sentences, exactly `length` characters, with no space to strip at either end."""
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    return text[:-1] + "." if text.endswith(" ") else text


async def _rows(url: str, model: type[SQLModel]) -> list[Any]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        found = list((await session.exec(select(model))).all())
    await engine.dispose()
    return found


def _return_from_the_review_list(page: Any, url: str, comment: str) -> None:
    page.goto(f"{url}/admin/review")
    page.click("#review-waiting summary")
    page.fill(f"{FORM} textarea[name=comment]", comment)
    page.click(f"{FORM} button")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_return_comment_past_1000_characters_is_refused_with_the_comment_kept(
    browser: Any,
    seeded: Seeded,
    server: ServerThread,
    settings: Settings,
    screens: Path,
    viewport: dict[str, int],
) -> None:
    comment = _text(1500)
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    _return_from_the_review_list(page, server.url, comment)
    beside = page.inner_text(f"{FORM} [role=alert]")
    kept = page.input_value(f"{FORM} textarea[name=comment]")
    hint = page.inner_text(f"{FORM} label")
    waiting = page.inner_text("#g-waiting")
    fits = no_sideways_scroll(page)
    name = "phone" if viewport is PHONE else "desktop"
    screenshot(page, screens, f"review-long-comment-{name}")
    page.close()
    queued = in_thread(lambda: _rows(settings.database_url, Outbox))

    assert len(comment) == 1500
    assert beside == (
        "Ô «Góp ý cho đơn vị» có 1.500 ký tự, vượt giới hạn 1.000 ký tự. Vui lòng rút gọn "
        "rồi gửi lại; nội dung đã nhập vẫn còn trong ô."
    )
    assert kept == comment
    assert hint.startswith("Góp ý cho đơn vị (bắt buộc khi trả lại; tối đa 1.000 ký tự)")
    assert waiting == "Chờ duyệt (1)"
    assert [row for row in queued if row.kind == "review"] == []
    assert fits


def test_return_comment_of_1000_characters_reaches_the_chat_whole(
    browser: Any, seeded: Seeded, platforms_on: ServerThread, settings: Settings
) -> None:
    # Telegram on (its fake API), so that the unit's official there gets the comment.
    comment = _text(1000)
    page = browser.new_page(viewport=DESKTOP)
    login(page, platforms_on.url)
    _return_from_the_review_list(page, platforms_on.url, comment)
    notice = page.inner_text(".notice")
    page.close()
    queued = in_thread(lambda: _rows(settings.database_url, Outbox))

    assert len(comment) == 1000
    assert notice.startswith("Đã trả lại báo cáo")
    assert [comment in row.text for row in queued if row.kind == "review"] == [True]


def test_deadline_title_past_300_characters_is_refused_with_the_title_kept(
    browser: Any, server: ServerThread, settings: Settings, screens: Path
) -> None:
    title = _text(600)
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    label = page.inner_text("#deadline-form label:has(input[name=title])")
    page.fill("#deadline-form input[name=title]", title)
    page.fill("#deadline-form input[name=due]", "20/12/2026")
    page.click("#deadline-form button[type=submit]")
    page.wait_for_load_state()
    problems = page.inner_text("#deadline-problems")
    kept = page.input_value("#deadline-form input[name=title]")
    notices = page.locator(".notice").count()
    screenshot(page, screens, "deadline-long-title-desktop")
    page.close()
    titles = [d.title for d in in_thread(lambda: _rows(settings.database_url, Deadline))]

    assert label.startswith("Tên việc (tối đa 300 ký tự)")
    assert "Tên việc dài quá 300 ký tự." in problems
    assert kept == title
    assert notices == 0
    assert not any(t.startswith(SENTENCE.strip()) for t in titles)


def test_broadcast_past_2000_characters_is_refused_with_the_text_kept(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    text = _text(2500)
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    page.fill("#broadcast-form textarea[name=text]", text)
    page.click("#broadcast-form button[type=submit]")
    page.wait_for_load_state()
    problem = page.inner_text("p.problem")
    kept = page.input_value("#broadcast-form textarea[name=text]")
    page.close()
    queued = in_thread(lambda: _rows(settings.database_url, Outbox))

    assert problem.startswith("Ô «Nội dung» có 2.500 ký tự, vượt giới hạn 2.000 ký tự.")
    assert kept == text
    assert queued == []


def test_faq_answer_past_4000_characters_and_eleven_sections_are_refused(
    browser: Any, server: ServerThread, settings: Settings, screens: Path
) -> None:
    answer = _text(4500)
    sections = ", ".join(["II.1.b"] * 11)
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/questions/faq/new?q=Mạng lưới CĐS gồm những ai?")
    page.fill("#faq-form textarea[name=answer]", answer)
    page.fill("#faq-form input[name=sections]", sections)
    page.click("#faq-form button[type=submit]")
    page.wait_for_load_state()
    problem = page.inner_text("p.problem")
    kept = (
        page.input_value("#faq-form textarea[name=answer]"),
        page.input_value("#faq-form input[name=sections]"),
    )
    fits = no_sideways_scroll(page)
    screenshot(page, screens, "faq-long-answer-phone")
    page.close()
    saved = in_thread(lambda: _rows(settings.database_url, FaqRecord))

    assert problem == (
        "Ô «Câu trả lời» có 4.500 ký tự, vượt giới hạn 4.000 ký tự. Vui lòng rút gọn rồi gửi "
        "lại; nội dung đã nhập vẫn còn trong ô. Ô «Các mục của Kế hoạch được trích» ghi 11 "
        "mục; chỉ ghi được tối đa 10 mục. Vui lòng bỏ bớt rồi gửi lại."
    )
    assert kept == (answer, sections)
    assert saved == []
    assert fits
