"""A FAQ entry written in the console from an unanswered question answers it in chat at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.console.conftest import DESKTOP, PHONE, login, screenshot
from tests.web.conftest import ServerThread

QUESTION = "Khi nào có lương tháng mười ba cho cán bộ xã?"
ANSWER = (
    "Kế hoạch 87/KH-UBND không quy định về lương; xin liên hệ Phòng Nội vụ. "
    "<script>window.__pwned = 1</script>"
)


def _ask(url: str, text: str) -> str:
    response = httpx.post(f"{url}/api/chat", json={"session": "faq-test-01", "text": text})
    response.raise_for_status()
    return str(response.json()["replies"][0]["text"])


def test_faq_entry_from_unanswered_question_answers_it_in_chat(
    browser: Any, server: ServerThread
) -> None:
    before = _ask(server.url, QUESTION)
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/questions")
    listed = page.inner_text("#unanswered")
    page.click("#unanswered a.make-faq")
    prefilled = page.input_value("#faq-form textarea[name=question]")
    page.fill("#faq-form textarea[name=answer]", ANSWER)
    page.fill("#faq-form input[name=sections]", "II.1.b")
    page.click("#faq-form button[type=submit]")
    notice = page.inner_text(".notice")
    marked = page.inner_text("#unanswered")
    faq_list = page.inner_text("#faq-list")
    safe = page.evaluate("window.__pwned === undefined")
    page.close()
    after = _ask(server.url, QUESTION.lower().rstrip("?"))

    assert "không" in before.lower() and ANSWER not in before
    assert QUESTION in listed
    assert prefilled == QUESTION
    assert notice.startswith("Đã lưu câu hỏi thường gặp")
    assert "Đã có câu trả lời" in marked
    assert QUESTION in faq_list
    assert safe
    assert after.startswith(ANSWER)
    # The office's words, not a quote of the plan: the citation says whose answer it is.
    assert (
        "(Giải đáp của Sở Khoa học và Công nghệ; xem Kế hoạch 87/KH-UBND, mục II.1.b)"
        in after.splitlines()
    )


def test_faq_with_unknown_section_is_refused(browser: Any, server: ServerThread) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/questions/faq/new?q=Hỏi thử")
    page.fill("#faq-form textarea[name=answer]", "Trả lời thử")
    page.fill("#faq-form input[name=sections]", "IX.1, II.1.b, abc, <b>x</b>")
    page.click("#faq-form button[type=submit]")
    problem = page.inner_text(".problem")
    markup = page.inner_html(".problem")
    page.close()

    # Names the sections refused (not the one that exists), as «Thêm hạn» does.
    assert problem == (
        "Kế hoạch 87/KH-UBND không có mục «IX.1», «abc», «<b>x</b>»; "
        "ghi đúng số mục, ví dụ IV.1.d."
    )
    assert "&lt;b&gt;" in markup


def test_refused_faq_keeps_what_was_typed(
    browser: Any, server: ServerThread, screens: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/questions/faq/new?q=Hỏi thử")
    page.fill("#faq-form textarea[name=question]", QUESTION)
    page.fill("#faq-form textarea[name=answer]", ANSWER)
    page.fill("#faq-form input[name=sections]", "II.1.b, IX.9.z")
    page.click("#faq-form button[type=submit]")
    problem = page.inner_text(".problem")
    kept = [
        page.input_value(f"#faq-form {field}")
        for field in ("textarea[name=question]", "textarea[name=answer]", "input[name=sections]")
    ]
    safe = page.evaluate("window.__pwned === undefined")
    screenshot(page, screens, "phone-faq-refused")
    page.fill("#faq-form input[name=sections]", "II.1.b")
    page.click("#faq-form button[type=submit]")
    notice = page.inner_text(".notice")
    context.close()

    assert problem == "Kế hoạch 87/KH-UBND không có mục «IX.9.z»; ghi đúng số mục, ví dụ IV.1.d."
    assert kept == [QUESTION, ANSWER, "II.1.b, IX.9.z"]
    assert safe
    assert notice.startswith("Đã lưu câu hỏi thường gặp")


LONG_QUESTION = (
    "Xin hỏi về việc triển khai nền tảng số tại xã miền núi khi chưa có sóng di động ổn định "
    "và cán bộ chưa được tập huấn đầy đủ thì phải làm thế nào cho đúng quy định "
) * 24  # about 3,990 characters; the first 1,000 are kept


def test_long_unanswered_question_is_cut_in_list_and_whole_on_faq_form(
    browser: Any, server: ServerThread, screens: Path
) -> None:
    _ask(server.url, LONG_QUESTION[:3990])
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/questions")
    cell = page.locator("#unanswered td[data-label='Câu hỏi']").first
    listed, title = cell.inner_text(), cell.get_attribute("title")
    height = cell.bounding_box()["height"]
    screenshot(page, screens, "phone-questions-long")
    page.click("#unanswered a.make-faq")
    prefilled = page.input_value("#faq-form textarea[name=question]")
    page.fill("#faq-form textarea[name=answer]", "Liên hệ Sở Khoa học và Công nghệ.")
    page.click("#faq-form button[type=submit]")
    entry = page.locator("#faq-list a").first
    faq_listed, faq_title = entry.inner_text(), entry.get_attribute("title")
    context.close()

    kept = " ".join(LONG_QUESTION.split())[:1000]
    assert len(listed) <= 200 and listed.endswith("…")
    assert kept.startswith(listed.removesuffix("…"))
    assert title == kept
    assert height < 200  # a few lines at 390 px, not a wall
    assert prefilled == kept
    assert len(faq_listed) <= 200 and faq_listed.endswith("…")
    assert faq_title == kept.strip()
