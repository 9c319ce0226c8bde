"""«Trả lại để chỉnh sửa» in the console reaches officials who use only the web chat: their
page shows the comment (by `/api/inbox`, or with the reply to their next message), `/baocao`
shows it while the report is returned, and «Cập nhật lần cuối» stays the unit's last edit."""

from __future__ import annotations

from datetime import timedelta

import httpx

from handlers import texts
from handlers.choices import REPORT
from storage.models import SurveyResponse, Unit
from tests.conftest import FakeClock
from tests.console.conftest import SURVEY, in_thread
from tests.console.web_officials import (
    CSRF,
    FULL_REPORT,
    console,
    post,
    say,
    seed_web_officials,
    stored,
)
from tests.web.conftest import ServerThread

FIRST = "web-official-first-01"
SECOND = "web-official-second-02"
COMMENT = "Câu 3: số người được tập huấn chưa khớp danh sách, đề nghị kiểm tra lại."


def _return_in_console(url: str, unit: Unit, response_id: int) -> None:
    with console(url) as client:
        page = client.get(f"/admin/units/{unit.code}")
        token = CSRF.search(page.text)
        assert token is not None
        done = client.post(
            f"/admin/review/{response_id}/return", data={"comment": COMMENT, "csrf": token[1]}
        )
        assert done.status_code in (200, 303), done.text


def _sent_then_returned(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> tuple[Unit, SurveyResponse]:
    """The first official sends the report at 09:00; the office returns it at 12:00."""
    unit = in_thread(lambda: seed_web_officials(sqlite_url, (FIRST, SECOND)))
    for line in FULL_REPORT:
        say(server.url, FIRST, line)
    assert "Đã nhận báo cáo" in say(server.url, FIRST, choice="sv:submit")
    clock.now += timedelta(hours=3)
    _, response = in_thread(lambda: stored(sqlite_url))
    assert response.id is not None
    _return_in_console(server.url, unit, response.id)
    return unit, response


def test_returned_report_reaches_web_chat_officials(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    _, response = _sent_then_returned(server, sqlite_url, clock)

    rows, _ = in_thread(lambda: stored(sqlite_url))
    assert sorted((r.channel, r.chat_id, r.status) for r in rows) == [
        ("web", FIRST, "queued"),
        ("web", SECOND, "queued"),
    ]
    # The page asks on load (and every minute): the comment, once, with «Sửa báo cáo».
    shown = post(server.url, "/api/inbox", FIRST)
    again = post(server.url, "/api/inbox", FIRST)
    # The other official only writes a message: the comment comes with the reply.
    with_reply = say(server.url, SECOND, "xin chào")
    # «Sửa báo cáo» opens the report, with the comment and the unit's own last edit.
    opened = say(server.url, FIRST, choice=REPORT + SURVEY)
    listed = httpx.get(f"{server.url}/api/inbox", timeout=30)  # (POST only)

    assert len(shown) == 1 and COMMENT in str(shown[0]["text"])
    assert [c["label"] for c in shown[0]["choices"]] == [texts.CHOICE_FIX_REPORT]  # type: ignore[union-attr]
    assert again == []
    assert COMMENT in with_reply
    assert COMMENT in opened
    assert "Cập nhật lần cuối: Trần Thị Bình, lúc 09:" in opened
    assert listed.status_code == 405
    rows, returned = in_thread(lambda: stored(sqlite_url))
    assert {r.status for r in rows} == {"sent"}
    assert returned.updated_at == response.updated_at
    assert returned.updated_by == response.updated_by


def test_console_activity_is_the_units_last_edit(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    unit, _ = _sent_then_returned(server, sqlite_url, clock)

    with console(server.url) as client:
        listing = client.get(f"/admin/units?q={unit.name}").text
    assert "09:00 30/11/2026" in listing and "12:00 30/11/2026" not in listing


def test_return_notice_is_not_shown_after_the_report_was_sent_again(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    _sent_then_returned(server, sqlite_url, clock)
    clock.now += timedelta(minutes=5)
    # The first official goes straight to the report (the comment is shown there), fixes
    # question 3 and sends again, all inside the report: the notice waits meanwhile.
    opened = say(server.url, FIRST, "/baocao")
    say(server.url, FIRST, "Sửa câu 3")
    say(server.url, FIRST, "7")
    receipt = say(server.url, FIRST, choice="sv:submit")
    later = post(server.url, "/api/inbox", FIRST)
    colleague = post(server.url, "/api/inbox", SECOND)

    assert COMMENT in opened
    assert "Đã nhận báo cáo" in receipt
    assert "trả lại báo cáo" not in receipt  # not told to fix what was just sent
    assert later == [] and colleague == []
    rows, _ = in_thread(lambda: stored(sqlite_url))
    assert {(r.status, r.last_error) for r in rows} == {("skipped", "report sent again")}
