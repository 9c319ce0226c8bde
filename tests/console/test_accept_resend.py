"""«Chấp nhận» in the console: the unit's officials are told in chat (web-chat officials too),
`/baocao` says that sending the report again reopens the review, and a report changed and
sent again after acceptance goes back to the office («Đã gửi lại sau khi chấp nhận»)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from storage.models import Unit
from tests.conftest import FakeClock
from tests.console.conftest import in_thread
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

FIRST = "web-accept-first-01"
SECOND = "web-accept-second-02"
DUE = datetime(2026, 12, 15, 16, 59, tzinfo=UTC)  # 23:59 on 15/12/2026, local time


def _accept(url: str, unit: Unit, response_id: int) -> None:
    with console(url) as client:
        token = CSRF.search(client.get(f"/admin/units/{unit.code}").text)
        assert token is not None
        done = client.post(f"/admin/review/{response_id}/accept", data={"csrf": token[1]})
        assert done.status_code in (200, 303), done.text


def _group(page: str, group: str) -> str:
    """The items listed under one group of /admin/review ("" when the group is empty)."""
    found = re.search(rf'<ul class="plain" id="review-{group}">(.*?)</ul>', page, re.S)
    return found[1] if found else ""


def _sent_then_accepted(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> tuple[Unit, int]:
    """The first official sends the report at 09:00; the office accepts it at 12:00."""
    unit = in_thread(lambda: seed_web_officials(sqlite_url, (FIRST, SECOND)))
    for line in FULL_REPORT:
        say(server.url, FIRST, line)
    assert "Đã nhận báo cáo" in say(server.url, FIRST, choice="sv:submit")
    clock.now += timedelta(hours=3)
    _, response = in_thread(lambda: stored(sqlite_url))
    assert response.id is not None
    _accept(server.url, unit, response.id)
    return unit, response.id


def test_accepted_report_changed_and_sent_again_goes_back_for_review(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    unit, response_id = _sent_then_accepted(server, sqlite_url, clock)
    with console(server.url) as client:
        accepted_page = client.get("/admin/review").text
    told = post(server.url, "/api/inbox", FIRST)
    clock.now += timedelta(hours=1)

    opened = say(server.url, FIRST, "/baocao")
    say(server.url, FIRST, "Sửa câu 3")
    edited = say(server.url, FIRST, "7")
    receipt = say(server.url, FIRST, choice="sv:submit")
    colleague = post(server.url, "/api/inbox", SECOND)
    with console(server.url) as client:
        review_page = client.get("/admin/review").text
        unit_page = client.get(f"/admin/units/{unit.code}").text
    rows, response = in_thread(lambda: stored(sqlite_url))

    assert unit.name in _group(accepted_page, "accepted")
    # Told in chat that the office accepted it, and that a change reopens the review.
    assert len(told) == 1
    assert "Sở Khoa học và Công nghệ đã chấp nhận báo cáo" in str(told[0]["text"])
    assert "chuyển về chờ Sở Khoa học và Công nghệ duyệt lại" in str(told[0]["text"])
    assert "đã chấp nhận báo cáo này lúc 12:00 ngày 30/11/2026" in opened
    assert "duyệt lại" in opened
    assert "khi bạn xác nhận gửi lại, báo cáo sẽ chuyển về chờ duyệt lại" in edited
    assert "Đã nhận báo cáo" in receipt
    assert "được chuyển về Sở Khoa học và Công nghệ để duyệt lại" in receipt
    # The colleague had not opened the chat: «accepted» is no longer true, so not shown.
    assert colleague == []
    assert ("web", SECOND, "skipped") in {(r.channel, r.chat_id, r.status) for r in rows}
    # The office sees it again, not among the accepted ones.
    assert response.review == "changed"
    assert unit.name in _group(review_page, "changed")
    assert "Đã gửi lại sau khi chấp nhận (1)" in review_page
    assert unit.name not in _group(review_page, "accepted")
    assert f'action="/admin/review/{response_id}/accept"' in _group(review_page, "changed")
    assert 'id="review-state">Đã gửi lại sau khi chấp nhận<' in unit_page
    assert "Chấp nhận báo cáo" in unit_page
    assert "Gửi lại sau khi đã chấp nhận" in unit_page

    # Accepting the changed report again works, and tells the unit again.
    _accept(server.url, unit, response_id)
    again = post(server.url, "/api/inbox", FIRST)
    with console(server.url) as client:
        final_page = client.get("/admin/review").text
    assert unit.name in _group(final_page, "accepted")
    assert len(again) == 1 and "đã chấp nhận báo cáo" in str(again[0]["text"])


def test_accepted_report_left_unchanged_offers_nothing_to_send_and_stays_accepted(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    unit, _ = _sent_then_accepted(server, sqlite_url, clock)
    clock.now += timedelta(hours=1)

    opened = post(server.url, "/api/chat", FIRST, text="/baocao")
    # The same value typed again changes nothing: there is nothing to send again.
    say(server.url, FIRST, "Sửa câu 3")
    again = post(server.url, "/api/chat", FIRST, text="5")
    with console(server.url) as client:
        review_page = client.get("/admin/review").text
    _, response = in_thread(lambda: stored(sqlite_url))

    offered = [c["key"] for r in [*opened, *again] for c in r["choices"]]  # type: ignore[attr-defined]
    assert "sv:submit" not in offered  # «Xác nhận gửi lại» only when something changed
    assert response.review == "accepted"
    assert unit.name in _group(review_page, "accepted")
    assert _group(review_page, "changed") == ""


def _reopen(url: str, unit: Unit, *, until: str) -> None:
    """«Mở lại kỳ báo cáo» on the unit's page for the 2026-Q4 report."""
    with console(url) as client:
        token = CSRF.search(client.get(f"/admin/units/{unit.code}?period=2026-Q4").text)
        assert token is not None
        done = client.post(
            "/admin/review/reopen",
            data={"csrf": token[1], "unit": unit.code, "survey": "bao-cao-quy",
                  "period": "2026-Q4", "until": until},
            follow_redirects=True,
        )  # fmt: skip
        assert done.status_code == 200, done.text
        assert "Đã mở lại kỳ báo cáo cho đơn vị." in done.text


def _history(page: str) -> list[str]:
    """The unit page's history, newest first: each entry's action and detail on one line."""
    found = re.search(r'<ul class="plain" id="history">(.*?)</ul>', page, re.S)
    assert found is not None
    items = re.findall(r"<li>.*?<br>(.*?)</li>", found[1], re.S)
    return [" ".join(item.split()) for item in items]


def test_accepted_report_reopened_late_changed_and_sent_again_goes_back_for_review(
    server: ServerThread, sqlite_url: str, clock: FakeClock
) -> None:
    unit, response_id = _sent_then_accepted(server, sqlite_url, clock)
    clock.now += timedelta(days=20)  # 20/12/2026: the 15/12 deadline has passed
    _reopen(server.url, unit, until="31/12/2026")
    told = post(server.url, "/api/inbox", FIRST)
    clock.now += timedelta(hours=1)

    opened = say(server.url, FIRST, "/baocao")
    say(server.url, FIRST, "Sửa câu 3")
    say(server.url, FIRST, "7")
    receipt = say(server.url, FIRST, choice="sv:submit")
    with console(server.url) as client:
        review_page = client.get("/admin/review?period=2026-Q4").text
        unit_page = client.get(f"/admin/units/{unit.code}?period=2026-Q4").text
    _, response = in_thread(lambda: stored(sqlite_url))

    assert any("đã mở lại báo cáo" in str(r["text"]) for r in told)
    assert "quý IV/2026" in opened
    assert "Đã nhận báo cáo" in receipt
    assert "được chuyển về Sở Khoa học và Công nghệ để duyệt lại" in receipt
    # Back for review, sent late, with the new value the one confirmed.
    assert (response.status, response.review) == ("submitted", "changed")
    assert response.submitted_at is not None and response.submitted_at > DUE
    assert response.confirmed is not None and response.confirmed["so_tap_huan"] == 7
    assert unit.name in _group(review_page, "changed")
    assert unit.name not in _group(review_page, "accepted")
    assert f'action="/admin/review/{response_id}/accept"' in _group(review_page, "changed")
    assert 'id="review-state">Đã gửi lại sau khi chấp nhận<' in unit_page
    assert '<span class="badge late">Gửi muộn</span>' in unit_page
    # The history, newest first: sent again after acceptance, the change, the reopening,
    # the acceptance, the first sending.
    history = _history(unit_page)
    assert [line.split(":")[0].split(" — ")[0] for line in history[:5]] == [
        "Gửi lại sau khi đã chấp nhận",
        "Sửa sau khi gửi, đã gửi lại",
        "Văn phòng mở lại kỳ",
        "Văn phòng chấp nhận",
        "Gửi báo cáo",
    ]
    assert history[1].startswith("Sửa sau khi gửi, đã gửi lại: Câu 3: 7 — ")
