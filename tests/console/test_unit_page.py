"""A unit's page: the confirmed answers of a sent report while the unit edits it, every history
event in Vietnamese, and an official who erased their data (issue #15, items 2, 18, 28)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

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
