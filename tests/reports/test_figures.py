"""Numbers and dates written the Vietnamese way, and targets read from the plan."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from handlers.numbers import vn_int, vn_number
from reports.charts import BAR_COLOUR, TARGET_COLOUR, bar_chart
from reports.figures import (
    Bar,
    bar_texts,
    decree_date,
    one_printable_line,
    plan_target,
    vn_percent,
    vn_share,
)


def test_thousands_are_separated_by_dots() -> None:
    assert [vn_int(7), vn_int(1234), vn_int(1234567)] == ["7", "1.234", "1.234.567"]


def test_decimals_use_a_comma_and_whole_numbers_have_none() -> None:
    assert [vn_number(62.5), vn_number(1234.56), vn_number(40.0)] == ["62,5", "1.234,6", "40"]


def test_share_is_a_percentage_with_one_decimal() -> None:
    # Always one decimal, so "1/96 (1,0%)" reads like "1/86 (1,2%)" beside it.
    assert [vn_share(87, 96), vn_share(96, 96), vn_share(0, 0), vn_share(1, 96)] == [
        "90,6%",
        "100,0%",
        "0,0%",
        "1,0%",
    ]


def test_percent_rounds_to_one_decimal() -> None:
    assert vn_percent(33.333) == "33,3%"


def test_decree_date_pads_small_days_and_first_months() -> None:
    assert decree_date(date(2027, 1, 5)) == "ngày 05 tháng 01 năm 2027"
    assert decree_date(date(2026, 11, 30)) == "ngày 30 tháng 11 năm 2026"


def test_plan_target_is_read_from_the_plan_text() -> None:
    assert (plan_target("II.1.b"), plan_target("II.1.c"), plan_target("III.5.c")) == (
        100.0, 100.0, None,
    )  # fmt: skip


def test_untrusted_text_loses_control_characters_and_line_breaks() -> None:
    assert one_printable_line("Thiếu\x00 máy\r\ntính\x1b[31m ") == "Thiếu máy tính [31m"


def test_chart_is_a_png_with_a_red_target_line_when_a_target_is_given() -> None:
    png = bar_chart([Bar("Xã", 90.6), Bar("Toàn tỉnh", 87.5)], percent=True, target=100.0)

    image = Image.open(io.BytesIO(png))
    colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 16) or []}
    assert (image.format, image.width) == ("PNG", 1600)
    assert TARGET_COLOUR in colours and BAR_COLOUR in colours


def test_bars_share_one_decimal_when_one_bar_needs_it() -> None:
    bars = [Bar("Xã", 100 / 86), Bar("Phường", 0.0), Bar("Toàn tỉnh", 100 / 96)]

    assert bar_texts(bars, percent=True) == ["1,2%", "0,0%", "1,0%"]


def test_bars_have_no_decimals_when_every_figure_is_whole() -> None:
    bars = [Bar("Xã", 50.0), Bar("Phường", None), Bar("Toàn tỉnh", 1234.0)]

    assert bar_texts(bars, percent=False) == ["50", "chưa có số liệu", "1.234"]
