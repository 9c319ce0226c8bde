"""The web chat of a deployment with documents added to the knowledge base (`cdsbot kb add`,
kept in KB_DIR): what its refusals and greeting say of them, on a phone, in headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_services, create_app
from bot.config import Settings
from handlers import Services
from knowledge import add_document
from tests.web.conftest import ServerThread

DATA = Path(__file__).resolve().parents[1] / "data"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ADDED = 5
NAMED = "Kế hoạch 87/KH-UBND, Nghị định 11/2025/NĐ-CP, Nghị định 12/2025/NĐ-CP và 3 tài liệu khác"


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """KB_DIR with five copies of the sample decree, «Nghị định 11/2025/NĐ-CP» to «15/…»."""
    folder = tmp_path_factory.mktemp("added")
    text = (DATA / "nghi-dinh-mau.txt").read_text(encoding="utf-8")
    for number in range(11, 11 + ADDED):
        path = folder / f"nd-{number}.txt"
        path.write_text(text.replace("12/2025", f"{number}/2025"), encoding="utf-8")
        doc = f"{number}/2025/NĐ-CP"
        add_document(path, doc, folder / "kb", title=f"Nghị định {doc}")
    return folder / "kb"


@pytest.fixture(scope="module")
def added_services(kb_dir: Path) -> Services:
    return build_services(Settings(_env_file=None, kb_dir=kb_dir))  # type: ignore[call-arg]


@pytest.fixture
def server(settings: Settings, added_services: Services) -> Iterator[ServerThread]:
    with ServerThread(create_app(settings, services=added_services)) as server:
        yield server


def _ask(browser: Any, server: ServerThread, viewport: dict[str, int], text: str) -> Any:
    context = browser.new_context(
        viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE
    )
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_selector(".msg.bot")
    page.fill("#text", text)
    page.press("#text", "Enter")
    page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 2")
    page.wait_for_timeout(100)  # let the scroll settle
    return page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_refusal_names_a_few_documents_and_fits_the_screen(
    browser: Any, server: ServerThread, viewport: dict[str, int], tmp_path: Path
) -> None:
    page = _ask(browser, server, viewport, "Công thức nấu phở bò")
    name = "phone" if viewport is PHONE else "desktop"
    page.screenshot(path=str(tmp_path / f"refusal-{name}.png"))

    refusal = page.locator(".msg.bot").last
    text = refusal.inner_text()
    box = refusal.bounding_box()
    log = page.locator("#log").bounding_box()
    page.context.close()

    assert text.startswith(f"Xin lỗi, {NAMED} không đề cập đến nội dung bạn hỏi")
    assert "13/2025" not in text and "15/2025" not in text
    # The refusal, its three closest sections as buttons included, is on screen whole.
    assert box["y"] >= log["y"] and box["y"] + box["height"] <= log["y"] + log["height"]


def test_greeting_names_a_few_documents(
    browser: Any, server: ServerThread, tmp_path: Path
) -> None:
    page = _ask(browser, server, PHONE, "xin chào")
    page.screenshot(path=str(tmp_path / "greeting-phone.png"))

    greeting = page.locator(".msg.bot").last.inner_text()
    page.context.close()

    assert greeting.startswith(f"Xin chào! Mình là Trợ lý CĐS, giúp tra cứu {NAMED}. ")


def test_a_decrees_point_is_named_the_vietnamese_way_on_its_button(
    browser: Any, server: ServerThread, tmp_path: Path
) -> None:
    page = _ask(browser, server, PHONE, "giá vé xe buýt từ nguồn vốn đầu tư công")
    page.screenshot(path=str(tmp_path / "decree-buttons-phone.png"))

    labels = page.locator(".msg.bot").last.locator("button").all_inner_texts()
    page.context.close()

    assert "Điểm b khoản 2 Điều 5: Từ nguồn vốn đầu tư công" in labels, labels
    assert not any("Điều 5.2" in label for label in labels)
