"""A unit's page: the confirmed answers of a sent report while the unit edits it, every history
event in Vietnamese, and an official who erased their data (issue #15, items 2, 18, 28)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.config import Settings
from handlers import texts
from storage import surveys as store
from storage.db import make_engine, session_scope
from storage.models import SurveyResponse
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    SURVEY,
    Seeded,
    cdsbot,
    in_thread,
    login,
    screenshot,
)
from tests.web.conftest import ServerThread

EDITED = 987  # so_tap_huan was sent as 12


async def _edit_sent_report(url: str, seeded: Seeded, *, discard: bool) -> None:
    """The unit's official edits its sent report (a pending revision), and maybe drops it."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        statement = select(SurveyResponse).where(
            SurveyResponse.period == seeded.period, SurveyResponse.status == "submitted"
        )
        report = (await session.exec(statement)).first()
        assert report is not None
        response_id, version, official = report.id, report.version, report.updated_by
        assert await store.save_answer(
            session, response_id=response_id, expected_version=version,
            question_id="so_tap_huan", value=EDITED, official_id=official,
            identity_id=None, now=report.updated_at + timedelta(minutes=1),
        )  # fmt: skip
        if discard:
            assert await store.discard_revision(
                session, response_id=response_id, expected_version=version + 1,
                official_id=official, identity_id=None,
                now=report.updated_at + timedelta(minutes=2),
            )  # fmt: skip
    await engine.dispose()


def _answer(page: Any, number: str) -> str:
    row = page.locator("#answers tbody tr").filter(
        has=page.locator(f"td[data-label='Câu']:text-is('{number}')")
    )
    return str(row.locator("td.answer-text").inner_text())


def test_sent_report_shows_confirmed_answers_while_unit_edits(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings, screens: Path
) -> None:
    in_thread(lambda: _edit_sent_report(settings.database_url, seeded, discard=False))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    status = page.inner_text("#report-status")
    editing = page.inner_text("#editing")
    answers = page.inner_text("#answers")
    trained = _answer(page, "3")
    history = page.eval_on_selector_all(
        "#history li", "items => items.map(li => li.innerText.split('\\n')[1])"
    )
    screenshot(page, screens, "phone-unit-editing")
    context.close()

    assert history[0].startswith("Sửa, chưa gửi lại: Câu 3: 987")
    assert history[1].startswith("Gửi báo cáo")
    assert "Đã gửi" in status
    assert "đang sửa" in editing
    assert trained == "12"
    assert str(EDITED) not in answers


def test_history_names_a_discarded_revision_in_vietnamese(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings
) -> None:
    in_thread(lambda: _edit_sent_report(settings.database_url, seeded, discard=True))
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    history = page.eval_on_selector_all(
        "#history li", "items => items.map(li => li.innerText.split('\\n')[1])"
    )
    editing = page.locator("#editing").count()
    page.close()

    assert history[0].startswith("Bỏ các sửa đổi chưa gửi lại: Nguyễn Văn An")
    assert history[1].startswith("Sửa, đã bỏ: Câu 3: 987")
    assert not [line for line in history if "survey." in line or "review." in line]
    assert editing == 0


def test_erased_official_is_no_member_and_authors_history_anonymously(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings, screens: Path
) -> None:
    erased = cdsbot(
        settings.database_url, "personal-data", "erase", f"telegram:{seeded.telegram_chat}",
        "--yes",
    )  # fmt: skip
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    officials = page.inner_text("#officials")
    history = page.eval_on_selector_all(
        "#history li", "items => items.map(li => li.innerText.split('\\n')[1])"
    )
    screenshot(page, screens, "desktop-unit-erased")
    page.goto(f"{server.url}/admin/units?survey={SURVEY}&q={seeded.sent_code}")
    listed = page.inner_text("#units")
    page.close()

    assert erased.returncode == 0, erased.stderr
    assert "(chưa có tên)" not in officials
    assert "Chưa có cán bộ đăng ký" in officials
    assert "(chưa có tên)" not in listed
    assert history and all(line.endswith(texts.FORMER_OFFICIAL) for line in history)


async def _resend(url: str, seeded: Seeded) -> None:
    """The official confirms the pending edit: the report is sent again."""
    engine = make_engine(url)
    async with session_scope(engine) as session:
        statement = select(SurveyResponse).where(
            SurveyResponse.period == seeded.period, SurveyResponse.status == "submitted"
        )
        report = (await session.exec(statement)).first()
        assert report is not None and report.id is not None
        assert await store.submit(
            session, response_id=report.id, expected_version=report.version,
            official_id=report.updated_by, identity_id=None,
            now=report.updated_at + timedelta(minutes=3),
        )  # fmt: skip
    await engine.dispose()


def test_history_marks_an_edit_sent_again_as_a_change_to_the_sent_report(
    browser: Any, seeded: Seeded, server: ServerThread, settings: Settings, screens: Path
) -> None:
    in_thread(lambda: _edit_sent_report(settings.database_url, seeded, discard=False))
    in_thread(lambda: _resend(settings.database_url, seeded))
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}")
    history = page.eval_on_selector_all(
        "#history li", "items => items.map(li => li.innerText.split('\\n')[1])"
    )
    trained = _answer(page, "3")
    screenshot(page, screens, "desktop-unit-resent-history")
    page.close()

    assert history[0].startswith("Gửi báo cáo")
    assert history[1].startswith("Sửa sau khi gửi, đã gửi lại: Câu 3: 987 — Nguyễn Văn An")
    assert history[2].startswith("Gửi báo cáo")
    # The first answers, given before the report was ever sent, stay plain answers.
    assert all(line.startswith(("Trả lời:", "Gửi báo cáo")) for line in history[2:])
    assert trained == str(EDITED)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reopened_empty_report_numbers_questions_as_the_chat_with_skipped_ones_explained(
    browser: Any, seeded: Seeded, server: ServerThread, screens: Path, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    page.goto(f"{server.url}/admin/units/{seeded.sent_code}?survey={SURVEY}&period=2026-Q3")
    page.fill("#reopen-form input[name=until]", "10/12/2026")
    page.click("#reopen-form button[type=submit]")
    numbers = page.locator("#answers td[data-label='Câu']").all_inner_texts()
    waiting = _answer(page, "2")
    screenshot(
        page, screens, f"unit-reopened-numbers-{'phone' if viewport is PHONE else 'desktop'}"
    )
    page.goto(f"{server.url}/admin/units/{seeded.draft_code}")
    skipped = _answer(page, "2")
    draft_numbers = page.locator("#answers td[data-label='Câu']").all_inner_texts()
    page.close()

    assert numbers == [str(n) for n in range(1, 9)]
    assert waiting == "Chưa hỏi: tùy câu trả lời câu 1"
    # The drafting unit answered «Không» to question 1, so question 2 does not apply.
    assert draft_numbers == numbers
    assert skipped == "Không áp dụng (theo câu trả lời câu 1)"
