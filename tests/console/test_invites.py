"""Invites for every commune at once: a printable page with QR images, a CSV and a ZIP."""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import png
import pytest
from sqlmodel import select

from bot.config import Settings
from handlers import Services, invite_codes
from storage.db import make_engine, session_scope
from storage.models import Invite
from tests.cli.test_units_seed import DEPARTMENTS, WARDS
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

COMMUNE_LEVEL_UNITS = 96


def _decode(uri: str) -> bytes:
    return base64.b64decode(uri.split(",", 1)[1])


async def _invites(url: str) -> list[Invite]:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        found = list((await session.exec(select(Invite))).all())
    await engine.dispose()
    return found


def test_invites_for_all_communes_print_with_qr_codes_and_csv(
    browser: Any, server: ServerThread, settings: Settings, services: Services, screens: Path
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/invites")
    page.select_option("#invite-target", "communes")
    page.click("#invite-form button[type=submit]")
    page.wait_for_selector("#invite-cards")
    cards = page.locator(".invite-card").count()
    images = page.eval_on_selector_all(".invite-card img", "imgs => imgs.map(i => i.src)")
    loaded = page.evaluate(
        "[...document.querySelectorAll('.invite-card img')].every(i => i.naturalWidth > 0)"
    )
    csv_uri = page.get_attribute("#invites-csv", "href")
    zip_uri = page.get_attribute("#invites-zip", "href")
    screenshot(page, screens, "desktop-invites-print")
    page.close()
    stored = in_thread(lambda: _invites(settings.database_url))

    assert cards == COMMUNE_LEVEL_UNITS
    assert loaded
    width, height, _, _ = png.Reader(bytes=_decode(images[0])).read()
    assert width == height > 100
    assert csv_uri is not None and zip_uri is not None
    rows = list(csv.reader(io.StringIO(_decode(csv_uri).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã đơn vị", "Tên đơn vị", "Mã mời"]
    codes = [row[2] for row in rows[1:]]
    assert len(codes) == COMMUNE_LEVEL_UNITS
    assert all(re.fullmatch(r"CDS-[A-Z0-9]{5}-[A-Z0-9]{5}", code) for code in codes)
    hashes = {invite.code_hash for invite in stored}
    pepper = services.invite_pepper  # what the app hashes with
    assert all(
        invite_codes.hash_code(invite_codes.normalize(code) or "", pepper=pepper) in hashes
        for code in codes
    )
    archive = zipfile.ZipFile(io.BytesIO(_decode(zip_uri)))
    assert len([n for n in archive.namelist() if n.endswith(".png")]) == COMMUNE_LEVEL_UNITS


def test_invite_is_revoked_from_the_list(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/invites")
    page.select_option("#invite-target", "SKHCN")
    page.click("#invite-form button[type=submit]")
    page.goto(f"{server.url}/admin/invites")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#invites button:text('Thu hồi')")
    page.wait_for_selector(".notice")
    listed = page.inner_text("#invites")
    page.close()
    stored = in_thread(lambda: _invites(settings.database_url))

    assert "Đã thu hồi" in listed
    assert [invite.revoked_at is not None for invite in stored] == [True]


def _unit_groups(page: Any) -> dict[str, list[str]]:
    """Each optgroup of the invite form's unit select with its options' text."""
    return dict(
        page.eval_on_selector_all(
            "#invite-target optgroup",
            "groups => groups.map(g => [g.label, [...g.querySelectorAll('option')]"
            ".map(o => o.textContent)])",
        )
    )


def test_invite_units_are_grouped_by_kind_in_vietnamese_order(
    browser: Any, server: ServerThread, screens: Path
) -> None:
    seen = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = browser.new_page(viewport=viewport)
        login(page, server.url)
        page.goto(f"{server.url}/admin/invites")
        seen[name] = _unit_groups(page)
        fits = no_sideways_scroll(page)
        # Shown as an open list box, so the screenshot shows the headings and the order.
        page.eval_on_selector("#invite-target", "s => { s.size = 24; }")
        screenshot(page, screens, f"{name}-invites-units")
        page.eval_on_selector("#invite-target", "s => { s.scrollTop = s.scrollHeight; }")
        screenshot(page, screens, f"{name}-invites-units-end")
        page.close()
        assert fits

    groups = seen["phone"]
    assert seen["desktop"] == groups
    assert list(groups) == ["Nhóm (mỗi đơn vị một mã)", "Xã", "Phường", "Đặc khu",
                            "Sở, ban, ngành"]  # fmt: skip
    assert groups["Phường"] == WARDS
    assert groups["Đặc khu"] == ["Đặc khu Lý Sơn"]
    assert groups["Sở, ban, ngành"] == DEPARTMENTS
    communes = groups["Xã"]
    assert len(communes) == 86
    assert communes.index("Xã Ba Động") < communes.index("Xã Ba Xa")
    assert communes.index("Xã Lân Phong") < communes.index("Xã Long Phụng")
    assert communes.index("Xã Măng Bút") < communes.index("Xã Mô Rai")
    initials = [name.removeprefix("Xã ")[0] for name in communes]
    assert initials == sorted(initials, key="ABCDĐEGHIKLMNOPQRSTUVXY".index)


def test_invite_list_shows_each_codes_role(
    browser: Any, server: ServerThread, settings: Settings, screens: Path
) -> None:
    made = cdsbot(
        settings.database_url, "invite", "create", "--unit", "21034", "--uses", "2",
        "--role", "admin",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    seen = {}
    roles: dict[str, list[str]] = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_page(viewport=viewport)
        login(page, server.url)
        if name == "desktop":
            page.goto(f"{server.url}/admin/invites")
            page.select_option("#invite-target", "SKHCN")
            page.click("#invite-form button[type=submit]")
        page.goto(f"{server.url}/admin/invites")
        seen[name] = (
            page.inner_text("#invites thead") if name == "desktop" else "",
            [page.inner_text(f"#invites tbody tr:nth-child({n})") for n in (1, 2)],
            no_sideways_scroll(page),
        )
        # On a phone each row is a card whose cells name themselves (CSS `::before`).
        roles[name] = page.eval_on_selector_all(
            "#invites td[data-label='Vai trò']",
            """cells => cells.filter(c => c.getBoundingClientRect().width > 0).map(c =>
                getComputedStyle(c, '::before').content.replaceAll('"', '') + c.innerText)""",
        )
        screenshot(page, screens, f"{name}-invites-roles")
        page.close()

    head, rows, _ = seen["desktop"]
    assert "Vai trò" in head
    by_unit = {("Xã" if "Xã" in row else "Sở"): row for row in rows}
    assert "quản trị" in by_unit["Xã"] and "cán bộ" not in by_unit["Xã"]
    assert "cán bộ" in by_unit["Sở"] and "quản trị" not in by_unit["Sở"]
    _, phone_rows, fits = seen["phone"]
    assert sorted(roles["phone"]) == ["Vai trò: cán bộ", "Vai trò: quản trị"]
    assert any("quản trị" in row for row in phone_rows)
    assert fits


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_refused_invite_form_keeps_the_unit_chosen_and_names_each_field_with_its_range(
    browser: Any, server: ServerThread, settings: Settings, screens: Path, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    login(page, server.url)
    page.goto(f"{server.url}/admin/invites")
    page.select_option("#invite-target", "21211")
    # As a browser that does not check min/max would post them (the server checks anyway).
    page.eval_on_selector("#invite-form", "form => { form.noValidate = true; }")
    page.fill("#invite-form input[name=uses]", "99")
    page.fill("#invite-form input[name=days]", "0")
    page.click("#invite-form button[type=submit]")
    page.wait_for_load_state()
    problems = page.locator("#invite-problems li").all_inner_texts()
    chosen = page.input_value("#invite-target")
    kept = (
        page.input_value("#invite-form input[name=uses]"),
        page.input_value("#invite-form input[name=days]"),
    )
    labels = page.locator("#invite-form .actions label").all_inner_texts()
    fits = no_sideways_scroll(page)
    name = "phone" if viewport is PHONE else "desktop"
    screenshot(page, screens, f"{name}-invites-refused")
    page.close()
    stored = in_thread(lambda: _invites(settings.database_url))

    assert problems == [
        "Ô «Số lần dùng mỗi mã» phải là một số nguyên từ 1 đến 50 (đã nhập «99»).",
        "Ô «Hiệu lực (ngày)» phải là một số nguyên từ 1 đến 90 (đã nhập «0»).",
    ]
    assert chosen == "21211"
    assert kept == ("99", "0")
    assert [" ".join(label.split()) for label in labels] == [
        "Số lần dùng mỗi mã (từ 1 đến 50)",
        "Hiệu lực (ngày) (từ 1 đến 90)",
    ]
    assert stored == []
    assert fits


REPEATED = "Không tạo thêm mã mời: biểu mẫu này đã được gửi một lần"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reloading_the_codes_page_of_a_group_creates_no_more_codes(
    browser: Any, server: ServerThread, settings: Settings, screens: Path, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    page.on("dialog", lambda dialog: dialog.accept())  # «Confirm form resubmission», if asked
    login(page, server.url)
    page.goto(f"{server.url}/admin/invites")
    page.select_option("#invite-target", "communes")
    page.click("#invite-form button[type=submit]")
    page.wait_for_selector("#invite-cards")
    made = in_thread(lambda: _invites(settings.database_url))
    page.reload()  # the browser posts the same form again
    refusal = page.inner_text("main [role=alert]")
    listed = page.locator("#invites tbody tr").count()
    fits = no_sideways_scroll(page)
    screenshot(page, screens, f"{'phone' if viewport is PHONE else 'desktop'}-invites-reloaded")
    page.close()
    stored = in_thread(lambda: _invites(settings.database_url))

    assert len(made) == COMMUNE_LEVEL_UNITS
    assert refusal.startswith(REPEATED)
    assert "thu hồi các mã vừa tạo trong danh sách «Mã mời đã tạo»" in refusal
    assert listed == COMMUNE_LEVEL_UNITS
    assert len(stored) == COMMUNE_LEVEL_UNITS
    assert fits


def test_one_form_posted_twice_creates_its_code_once(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    page = browser.new_page(viewport=PHONE)
    login(page, server.url)
    page.goto(f"{server.url}/admin/invites")
    page.select_option("#invite-target", "SKHCN")
    fields = page.eval_on_selector(
        "#invite-form", "form => Object.fromEntries(new FormData(form).entries())"
    )
    url = f"{server.url}/admin/invites/create"
    first = page.request.post(url, form=fields)
    second = page.request.post(url, form=fields)
    answers = [(first.status, first.text()), (second.status, second.text())]
    page.close()
    stored = in_thread(lambda: _invites(settings.database_url))

    assert answers[0][0] == 200 and "invite-cards" in answers[0][1]
    assert answers[1][0] == 409 and REPEATED in answers[1][1]
    assert "CDS-" not in answers[1][1]
    assert len(stored) == 1


def test_create_button_is_off_once_its_form_is_sent(
    browser: Any, server: ServerThread, settings: Settings
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    login(page, server.url)
    page.goto(f"{server.url}/admin/invites")
    page.select_option("#invite-target", "SKHCN")
    # Seen after the console's own handler (the event reaches the window last); kept in the
    # tab's storage across the navigation to the codes' page.
    page.evaluate(
        """window.addEventListener("submit", event => sessionStorage.setItem("off",
            String(event.target.querySelector("button[type=submit]").disabled)))"""
    )
    page.click("#invite-form button[type=submit]")
    page.wait_for_selector("#invite-cards")
    off = page.evaluate("sessionStorage.getItem('off')")
    cards = page.locator(".invite-card").count()
    page.close()
    stored = in_thread(lambda: _invites(settings.database_url))

    assert off == "true"  # a second press while the first is sent posts nothing
    assert cards == 1
    assert len(stored) == 1
