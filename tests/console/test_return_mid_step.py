"""A report returned while an official of the web chat was in the middle of revising it: the
office's comment is shown when the page is opened again (`/api/inbox`), whatever step the chat
was left at; a greeting there is answered with where the official is and what to do, and the
notice's «Sửa báo cáo» opens the report. Real server, console and web chat endpoints."""

from __future__ import annotations

from datetime import timedelta

from handlers import texts
from handlers.choices import REPORT
from storage.models import SurveyResponse, Unit
from tests.conftest import FakeClock
from tests.console.conftest import SURVEY, in_thread
from tests.console.test_return_reaches_web import COMMENT, FIRST, SECOND, _return_in_console
from tests.console.web_officials import FULL_REPORT, post, say, seed_web_officials, stored
from tests.web.conftest import ServerThread


def _returned_mid_revision(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> tuple[Unit, SurveyResponse]:
    """The first official sends the report, starts revising it (at the summary, with «Xác
    nhận gửi lại») and leaves the page; then the office returns the report."""
    unit = in_thread(lambda: seed_web_officials(sqlite_url, (FIRST, SECOND)))
    for line in FULL_REPORT:
        say(server.url, FIRST, line)
    assert "Đã nhận báo cáo" in say(server.url, FIRST, choice="sv:submit")
    say(server.url, FIRST, "/baocao")
    say(server.url, FIRST, "Sửa câu 3")
    assert texts.SURVEY_RESUBMIT in say(server.url, FIRST, "7")
    clock.now += timedelta(hours=3)
    _, response = in_thread(lambda: stored(sqlite_url))
    assert response.id is not None
    _return_in_console(server.url, unit, response.id)
    return unit, response


def test_return_notice_is_shown_on_open_mid_step(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    _returned_mid_revision(server, sqlite_url, clock)

    shown = post(server.url, "/api/inbox", FIRST)
    again = post(server.url, "/api/inbox", FIRST)

    assert len(shown) == 1 and COMMENT in str(shown[0]["text"])
    assert [c["label"] for c in shown[0]["choices"]] == [texts.CHOICE_FIX_REPORT]  # type: ignore[union-attr]
    assert again == []


def test_greeting_mid_step_says_where_the_official_is(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    _returned_mid_revision(server, sqlite_url, clock)
    post(server.url, "/api/inbox", FIRST)

    greeted = say(server.url, FIRST, "xin chào")

    assert "Ở bước này mình chỉ nhận" not in greeted
    assert greeted.startswith(texts.SURVEY_GREETING)
    assert COMMENT in greeted  # the report is returned: its comment is part of where they are
    assert "3. Số người được tập huấn trong quý: 7" in greeted
    assert f"«{texts.SURVEY_SUBMIT}»" in greeted  # a draft again: sent with «Gửi báo cáo»


def test_fix_report_button_works_mid_step(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    _returned_mid_revision(server, sqlite_url, clock)
    post(server.url, "/api/inbox", FIRST)

    opened = say(server.url, FIRST, choice=REPORT + SURVEY)
    sent = say(server.url, FIRST, choice="sv:submit")

    assert COMMENT in opened and "Tóm tắt" in opened
    assert "Đã nhận báo cáo" in sent


def test_a_number_typed_after_the_notice_still_answers_the_question(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    unit = in_thread(lambda: seed_web_officials(sqlite_url, (FIRST, SECOND)))
    for line in FULL_REPORT:
        say(server.url, FIRST, line)
    say(server.url, FIRST, choice="sv:submit")
    say(server.url, FIRST, "/baocao")
    assert "Câu 1/8" in say(server.url, FIRST, "Sửa câu 1")  # left at question 1 (Có/Không)
    clock.now += timedelta(hours=3)
    _, response = in_thread(lambda: stored(sqlite_url))
    assert response.id is not None
    _return_in_console(server.url, unit, response.id)
    shown = post(server.url, "/api/inbox", FIRST)

    answered = say(server.url, FIRST, "2")  # the question's second option, not the notice's

    assert COMMENT in str(shown[0]["text"])
    assert "1. Có đầu mối CĐS: Không" in answered
