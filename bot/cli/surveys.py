"""`cdsbot surveys ...`: check and list the survey definitions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail
from bot.cli.localised import VietnameseTyper
from bot.cli.show import clean, echo, print_table
from handlers.texts import EXPORT_UNIT_KIND
from knowledge.surveys import SURVEYS_DIR, InvalidDefinition, check, load_definitions

app = VietnameseTyper(
    help="Định nghĩa các báo cáo (knowledge/surveys/*.yaml).", no_args_is_help=True
)
_MONTHS = {"first": "tháng đầu kỳ", "last": "tháng cuối kỳ"}
_PERIODS = {"month": "tháng", "quarter": "quý", "year": "năm", "once": "một lần"}


@app.command(
    "check",
    help="Kiểm tra các định nghĩa; in `tệp:dòng: lý do` cho mỗi lỗi (có lỗi thì mã thoát là 1).",
)
def check_cmd(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="ĐƯỜNG_DẪN", help="Một tệp định nghĩa, hoặc thư mục chứa các tệp đó."
        ),
    ] = SURVEYS_DIR,
) -> None:
    """Validate definitions; print `file:line: reason` for each problem (exit 1 if any)."""
    if not path.exists():
        raise fail(f"không có tệp hoặc thư mục {clean(path, one_line=True)}")
    problems = check(path)
    for problem in problems:
        echo(problem)
    if problems:
        raise typer.Exit(1)
    echo(f"báo cáo: {path} hợp lệ")


@app.command("list", help="Liệt kê các báo cáo với kỳ báo cáo, quy tắc hạn nộp và đối tượng.")
def list_cmd(
    path: Annotated[
        Path,
        typer.Option("--path", metavar="THƯ_MỤC", help="Thư mục chứa các tệp định nghĩa báo cáo."),
    ] = SURVEYS_DIR,
) -> None:
    """List the surveys with their period, deadline rule and audience."""
    try:
        definitions = load_definitions(path)
    except InvalidDefinition as error:
        for problem in error.problems:
            echo(problem, err=True)
        raise typer.Exit(1) from None
    rows = []
    for definition in definitions.values():
        due = definition.due
        which = str(due.month_of_period)
        month = _MONTHS.get(which, f"tháng thứ {which} của kỳ")
        rule = f"ngày {due.day} {month}, {due.time}"
        if due.date is not None:
            rule = f"{due.date:%d/%m/%Y} {due.time}"
        kinds = (EXPORT_UNIT_KIND.get(kind, kind) for kind in definition.audience)
        rows.append(
            (
                definition.id,
                definition.title,
                _PERIODS.get(definition.period, definition.period),
                rule,
                ", ".join(kinds),
                len(definition.questions),
            )
        )
    print_table(("Mã", "Tên báo cáo", "Kỳ", "Hạn gửi", "Đối tượng", "Số câu hỏi"), rows)
