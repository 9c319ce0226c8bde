"""The «Thêm hạn» / «Sửa hạn» form: the audience chosen in Vietnamese (newcomer2 #11), and the
plan's own deadlines edited, kept across syncs and restored (newcomer2 #46)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.config import Settings
from storage.db import make_engine, session_scope
from storage.models import AuditLog, Deadline
from tests.console.conftest import (
    DESKTOP,
    PHONE,
    cdsbot,
    in_thread,
    login,
    no_sideways_scroll,
    screenshot,
)
from tests.web.conftest import ServerThread

GROUP_LABELS = [
    "Tất cả xã, phường, đặc khu",
    "Các sở, ban, ngành",
    "Tất cả đơn vị",
    "Các đơn vị theo mã (ghi ở ô dưới)",
]


async def _deadlines(url: str) -> dict[str, Deadline]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        found = {d.title: d for d in (await session.exec(select(Deadline))).all()}
    await engine.dispose()
    return found


def _add(page: Any, url: str, title: str, audience: str, codes: str = "") -> None:
    page.goto(f"{url}/admin/reminders")
    page.fill("#deadline-form input[name=title]", title)
    page.fill("#deadline-form input[name=due]", "20/12/2026")
    page.select_option("#deadline-form select[name=audience]", audience)
    if codes:
        page.fill("#deadline-form input[name=audience_codes]", codes)
    page.click("#deadline-form button[type=submit]")


def test_audience_is_chosen_by_its_vietnamese_name_or_typed_as_unit_codes(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    labels = page.locator("#deadline-form select[name=audience] option").all_inner_texts()
    shown = page.inner_text("#deadline-form")
    fits = no_sideways_scroll(page)
    _add(page, server.url, "Báo cáo của các sở", "departments")
    saved = page.inner_text(".notice")
    _add(page, server.url, "Báo cáo riêng hai đơn vị", "codes", "xã")
    refused = page.locator("#deadline-problems li").all_inner_texts()
    page.fill("#deadline-form input[name=audience_codes]", "21211, SKHCN")
    page.click("#deadline-form button[type=submit]")
    page.locator("#deadlines tr", has_text="Báo cáo riêng hai đơn vị").locator(
        "a:text('Sửa')"
    ).click()
    edit_choice = page.input_value("#deadline-form select[name=audience]")
    edit_codes = page.input_value("#deadline-form input[name=audience_codes]")
    context.close()
    stored = in_thread(lambda: _deadlines(settings.database_url))

    assert labels == GROUP_LABELS
    for keyword in ("communes", "departments", " all"):
        assert keyword not in shown
    assert fits
    assert saved == "Đã lưu hạn."
    assert refused == [
        "Không có đơn vị mã xã; ghi đúng mã đơn vị (gõ tên đơn vị vào ô để thấy mã), cách nhau "
        "bởi dấu phẩy, hoặc chọn một nhóm đơn vị."
    ]
    assert stored["Báo cáo của các sở"].audience == "departments"
    assert stored["Báo cáo riêng hai đơn vị"].audience == "21211, SKHCN"
    assert (edit_choice, edit_codes) == ("codes", "21211, SKHCN")


def test_cli_names_its_audience_keywords_in_the_same_check(
    server: ServerThread, settings: Settings
) -> None:
    # One check (storage/deadline_rules.py): the CLI takes keywords and says so.
    refused = cdsbot(
        settings.database_url, "deadlines", "add", "--title", "Việc riêng", "--due",
        "2027-01-15", "--audience", "Xã Mới",
    )  # fmt: skip

    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "cdsbot: chưa thêm hạn: không có đơn vị mã Xã Mới; đối tượng là xã (các xã, phường, "
        "đặc khu), sở (các sở, ban, ngành), tất cả, hoặc các mã đơn vị cách nhau bởi dấu phẩy "
        "(xem `cdsbot units list`)"
    )


async def _audit(url: str) -> list[AuditLog]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        rows = (await session.exec(select(AuditLog).where(AuditLog.entity == "deadline"))).all()
    await engine.dispose()
    return list(rows)


def _sync(settings: Settings) -> None:
    """What every start and the reminder tick do: copy knowledge/deadlines.yaml in."""
    result = cdsbot(settings.database_url, "deadlines", "sync")
    assert result.returncode == 0, result.stderr


TRAINING = "Bồi dưỡng, tập huấn cho 100% cán bộ thực hiện nhiệm vụ chuyển đổi số trong năm"
QUARTERLY = "Báo cáo định kỳ, đánh giá kết quả thực hiện Kế hoạch"


def _edit_training(page: Any, url: str) -> tuple[str, list[str]]:
    """«Sửa» on the plan's yearly training: new title and date, «Lưu hạn»; the page's URL
    and the note about the plan it shows."""
    page.goto(f"{url}/admin/reminders")
    page.locator("#deadlines tr", has_text=TRAINING).locator("a:text('Sửa')").click()
    edit_url = page.url
    note = page.locator("#plan-note").all_inner_texts()
    page.fill("#deadline-form input[name=title]", "Tập huấn CĐS năm")
    page.fill("#deadline-form input[name=due]", "20/12/2026")
    page.click("#deadline-form button[type=submit]")
    page.wait_for_selector(".notice")
    return edit_url, note


def test_edit_of_a_plan_deadline_is_kept_across_syncs(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    _, note = _edit_training(page, server.url)
    saved = page.inner_text(".notice")
    _sync(settings)
    page.goto(f"{server.url}/admin/reminders")
    rows = page.locator("#deadlines tr", has_text="Tập huấn CĐS năm").all_inner_texts()
    page.close()
    stored = in_thread(lambda: _deadlines(settings.database_url))

    assert saved == "Đã lưu hạn."
    assert TRAINING not in stored
    assert stored["Tập huấn CĐS năm"].due_on.isoformat() == "2026-12-20"
    assert len(rows) == 1
    assert "20/12/2026" in rows[0]
    assert "đã sửa so với Kế hoạch" in rows[0]
    assert len(note) == 1
    assert "Kế hoạch 87/KH-UBND" in note[0]


def test_edited_plan_deadline_is_restored_to_the_plan_and_both_are_audited(
    browser: Any, server: ServerThread, settings: Settings, screens: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    login(page, server.url)
    edit_url, _ = _edit_training(page, server.url)
    page.goto(edit_url)
    edited_note = page.inner_text("#plan-note")
    fits = no_sideways_scroll(page)
    screenshot(page, screens, "phone-plan-deadline-edited")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#plan-restore")
    restored_notice = page.inner_text(".notice")
    _sync(settings)
    page.goto(f"{server.url}/admin/reminders")
    restored_row = page.locator("#deadlines tr", has_text=TRAINING).inner_text()
    context.close()
    after = in_thread(lambda: _deadlines(settings.database_url))
    audit = in_thread(lambda: _audit(settings.database_url))

    assert "Theo Kế hoạch: «" + TRAINING + "», hạn kỳ tới 15/12/2026 (hằng năm)" in edited_note
    assert fits
    assert restored_notice == "Đã dùng lại hạn theo Kế hoạch 87/KH-UBND."
    assert "15/12/2026" in restored_row
    assert "đã sửa" not in restored_row
    assert after[TRAINING].due_on.isoformat() == "2024-12-15"
    assert after[TRAINING].source == "yaml"
    assert "Tập huấn CĐS năm" not in after
    assert [(row.action, row.detail.get("by")) for row in audit] == [
        ("deadline.edit", "chanh-vp"),
        ("deadline.restore", "chanh-vp"),
    ]
    assert audit[0].detail["changed"] == {
        "title": [TRAINING, "Tập huấn CĐS năm"],
        "due_on": ["2024-12-15", "2026-12-20"],
    }


def test_recurring_deadline_form_shows_the_next_due_day_and_says_so(
    browser: Any, server: ServerThread, settings: Settings, screens: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/reminders")
    page.locator("#deadlines tr", has_text=TRAINING).locator("a:text('Sửa')").click()
    training_due = page.input_value("#deadline-form input[name=due]")
    training_label = " ".join(page.locator("#due-label").all_inner_texts())
    page.click("#deadline-form button[type=submit]")  # saved unchanged
    page.goto(f"{server.url}/admin/reminders")
    page.locator("#deadlines tr", has_text=QUARTERLY).locator("a:text('Sửa')").click()
    quarterly_due = " ".join(page.locator("#due-label").all_inner_texts())
    quarterly_inputs = page.locator("#deadline-form input[name=due]").count()
    screenshot(page, screens, "desktop-survey-deadline-edit")
    page.fill("#deadline-form input[name=title]", "Báo cáo quý về CĐS")
    page.click("#deadline-form button[type=submit]")
    page.close()
    _sync(settings)
    stored = in_thread(lambda: _deadlines(settings.database_url))

    assert training_due == "15/12/2026"
    assert "Ngày hạn kỳ tới" in training_label
    assert "hằng năm" in training_label
    # Unchanged, the series keeps its first day (nothing moved).
    assert stored[TRAINING].due_on.isoformat() == "2024-12-15"
    assert "15/12/2026" in quarterly_due
    assert "«Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND»" in quarterly_due
    assert quarterly_inputs == 0
    assert stored["Báo cáo quý về CĐS"].due_on.isoformat() == "2024-06-15"


def test_survey_deadline_repeats_as_its_survey_and_names_it_by_title(
    browser: Any, server: ServerThread, settings: Settings, screens: Path
) -> None:
    before = in_thread(lambda: _deadlines(settings.database_url))[QUARTERLY]
    shown = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_page(viewport=viewport)
        login(page, server.url)
        page.goto(f"{server.url}/admin/reminders")
        page.locator("#deadlines tr", has_text=QUARTERLY).locator("a:text('Sửa')").click()
        shown[name] = (
            page.locator("#deadline-form select[name=every]").count(),
            page.inner_text("#every-label"),
            page.locator("#deadline-form select[name=survey] option").all_inner_texts(),
            page.inner_text("#due-label"),
            no_sideways_scroll(page),
        )
        screenshot(page, screens, f"{name}-survey-deadline-every")
        if name == "desktop":
            # A form posted with another repetition (an old page, a crafted request).
            form = page.locator("#deadline-form")
            form.evaluate(
                """f => { const i = document.createElement('input');
                   i.type = 'hidden'; i.name = 'every'; i.value = 'month'; f.appendChild(i); }"""
            )
            page.click("#deadline-form button[type=submit]")
            page.wait_for_selector(".notice")
        page.close()
    after = in_thread(lambda: _deadlines(settings.database_url))[QUARTERLY]

    title = "Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND"
    for selects, every, surveys, due, fits in shown.values():
        assert selects == 0
        assert every.startswith("Lặp lại: Hằng quý")
        assert "theo kỳ của mẫu báo cáo" in every
        assert surveys[0] == "Không" and title in surveys
        assert "bao-cao-quy" not in " ".join(surveys) + due
        assert title in due
        assert fits
    assert (before.every, after.every) == ("quarter", "quarter")
