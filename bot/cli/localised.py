"""The command line speaks Vietnamese: help screens, Typer's own words and usage errors.

Typer 0.26 and later vendors Click, and the vendored Click writes its messages as plain
English strings (no gettext), so they are replaced through the hooks Typer offers:

- the module constants of `typer.rich_utils`: panel titles, `[default: ...]`, `[required]`;
- command and group classes (Typer's `cls=`): the usage line, the help of `--help`, and a
  command line that does not parse, which ends in one Vietnamese line and exit code 2
  instead of Click's usage block and English error panel.

Typer exports only `BadParameter` of Click's exceptions; the others are imported from
`typer._click`, here and nowhere else, and `tests/cli/test_help_vietnamese.py` catches a
Typer upgrade that moves them. Every command and option carries its own Vietnamese `help=`;
the English docstrings stay for developers.
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

import typer
from typer import rich_utils
from typer._click.core import Command, Context, Parameter
from typer._click.exceptions import (
    BadOptionUsage,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import CommandFunctionType

from bot.cli.common import fail
from bot.cli.show import clean
from knowledge.normalize import fold

USAGE_PREFIX = "Cách dùng: "
OPTIONS_METAVAR = "[TÙY CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [ĐỐI SỐ]..."
HELP_OPTION_HELP = "Hiện hướng dẫn này rồi thoát."

# Help shared by several commands.
JSON_HELP = "In dạng JSON."
AUDIENCE_HELP = (
    "Gửi cho ai: xã (các xã, phường, đặc khu; hoặc communes), sở (các sở, ban, ngành; hoặc "
    "departments), tất cả (hoặc all), hoặc các mã đơn vị cách nhau bởi dấu phẩy."
)
# The audience groups in the operator's words, without diacritics and commas (typed with or
# without them): what `--audience` takes besides the stored keywords and unit codes.
_AUDIENCE_WORDS = {
    "communes": ("xa", "phuong", "dac khu", "xa phuong", "xa phuong dac khu", "cap xa"),
    "departments": ("so", "so nganh", "so ban nganh", "ban nganh", "cap so"),
    "all": ("tat ca", "tat ca don vi", "toan tinh"),
}
_AUDIENCE_KEYWORDS = {word: key for key, words in _AUDIENCE_WORDS.items() for word in words}
SURVEY_HELP = "Mã báo cáo, ví dụ bao-cao-quy (xem `cdsbot surveys list`)."
PERIOD_HELP = "Kỳ báo cáo, ví dụ 2026-Q4 (quý), 2026-11 (tháng), 2026 (năm) hoặc once (một lần)."

rich_utils.ARGUMENTS_PANEL_TITLE = "Đối số"
rich_utils.OPTIONS_PANEL_TITLE = "Tùy chọn"
rich_utils.COMMANDS_PANEL_TITLE = "Lệnh"
rich_utils.ERRORS_PANEL_TITLE = "Lỗi"
rich_utils.ABORTED_TEXT = "Đã hủy."
rich_utils.RICH_HELP = "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng."
rich_utils.DEFAULT_STRING = "[mặc định: {}]"
rich_utils.ENVVAR_STRING = "[biến môi trường: {}]"
rich_utils.REQUIRED_LONG_STRING = "[bắt buộc]"
rich_utils.DEPRECATED_STRING = "(không dùng nữa) "
# A number's range as `[1<=x<=500]`: every such option's help says it in words.
rich_utils.RANGE_STRING = ""


def _no_type(self: TyperArgument, ctx: Context) -> str | None:
    """No type column for an argument: `<str>`, `<path>` repeat in English what its
    Vietnamese placeholder (TÀI_KHOẢN, TỆP) already says."""
    return None


TyperArgument.display_type_rich = _no_type  # type: ignore[method-assign,assignment]


YES = frozenset({"có", "co", "c", "yes", "y"})


def confirm(question: str) -> bool:
    """Ask a yes-or-no question in Vietnamese; only «có» (or c, yes, y) means yes."""
    answer: str = typer.prompt(f"{question} (có/không)", default="không", show_default=False)
    return answer.strip().lower() in YES


def _name(param: Parameter) -> str:
    """A parameter as the operator types it: `--unit`, or an argument's `TÀI_KHOẢN`."""
    if isinstance(param, TyperOption):
        return "/".join(param.opts)
    return param.metavar or (param.name or "").upper()


def _kind(param: Parameter) -> str:
    return "tùy chọn" if isinstance(param, TyperOption) else "đối số"


def _see_help(command_path: str) -> str:
    return f"xem `{command_path} --help`"


def describe(error: UsageError, command: Command, path: str) -> str:
    """One Vietnamese line for a command line that `command` (at `path`) cannot parse."""
    if isinstance(error, MissingParameter) and error.param is not None:
        return f"thiếu {_kind(error.param)} {_name(error.param)}; {_see_help(path)}"
    if isinstance(error, typer.BadParameter) and error.param is not None:
        # The option's own help says what it takes (e.g. "số nguyên, ít nhất 1").
        param = error.param
        line = f"giá trị của {_kind(param)} {_name(param)} không hợp lệ"
        wanted = str(getattr(param, "help", None) or "").rstrip(".")
        if not wanted:
            return f"{line}; {_see_help(path)}"
        return f"{line}; {_name(param)}: {wanted[:1].lower()}{wanted[1:]}"
    if isinstance(error, NoSuchOption):
        line = f"không có tùy chọn {clean(error.option_name, one_line=True)}"
        if error.possibilities:
            line += f" (có phải {', '.join(sorted(error.possibilities))}?)"
        return f"{line}; {_see_help(path)}"
    if isinstance(error, BadOptionUsage):
        option = clean(error.option_name, one_line=True)
        flags = {
            opt
            for param in command.params
            if isinstance(param, TyperOption) and param.is_flag
            for opt in param.opts
        }
        if option in flags:
            return f"tùy chọn {option} không nhận giá trị; {_see_help(path)}"
        return f"tùy chọn {option} cần một giá trị; {_see_help(path)}"
    return f"lệnh viết chưa đúng; {_see_help(path)}"


# The mixin is a Command to the type checker only: at run time its `super()` is the
# Typer class it is mixed into.
if TYPE_CHECKING:
    _Mixin = Command
else:
    _Mixin = object


class _Vietnamese(_Mixin):
    """What commands and groups share: the usage line, `--help`, and usage errors."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The usage line, after «Cách dùng:»."""
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        """`--help`, described in Vietnamese and shown without a value type."""
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
            option.metavar = ""
        return option

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        """Parse the command line; a mistake in it is one Vietnamese line and exit 2."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            path = " ".join(filter(None, (parent.command_path if parent else "", info_name)))
            raise fail(describe(error, self, path)) from None


class VietnameseCommand(_Vietnamese, TyperCommand):
    """A command whose help and usage errors are in Vietnamese."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.options_metavar = OPTIONS_METAVAR

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        """Words left over (often a value with spaces, unquoted) are named, in Vietnamese."""
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = not strict
        if strict and rest and not ctx.resilient_parsing:
            extra = clean(" ".join(rest), one_line=True)
            raise fail(
                f"thừa đối số: {extra} (giá trị có dấu cách phải đặt trong ngoặc kép); "
                + _see_help(ctx.command_path)
            )
        return rest


class VietnameseGroup(_Vietnamese, TyperGroup):
    """A command group whose help and usage errors are in Vietnamese."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.options_metavar = OPTIONS_METAVAR
        self.subcommand_metavar = SUBCOMMAND_METAVAR

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        """The sub-command named first in `args`; an unknown name is one Vietnamese line."""
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            if not args or self.get_command(ctx, args[0]) is not None:
                raise fail(describe(error, self, ctx.command_path)) from None
            line = f"không có lệnh «{clean(args[0], one_line=True)}»"
            close = get_close_matches(args[0], self.list_commands(ctx))
            if close:
                line += f" (có phải {', '.join(close)}?)"
            raise fail(f"{line}; {_see_help(ctx.command_path)}") from None


class VietnameseTyper(typer.Typer):
    """`typer.Typer` whose groups and commands are the Vietnamese classes above."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", VietnameseGroup)
        super().__init__(**kwargs)

    def command(
        self, name: str | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        """Register a command (a `VietnameseCommand` unless `cls` says otherwise)."""
        kwargs.setdefault("cls", VietnameseCommand)
        return super().command(name, **kwargs)


def _bare(text: str) -> str:
    """Words as `_AUDIENCE_WORDS` holds them: lower case, no diacritics, no commas."""
    return " ".join(fold(text.lower()).replace(",", " ").split())


def audience_keyword(typed: str) -> str:
    """`--audience` as stored: «xã», «sở ngành», «tất cả» (with or without diacritics, any
    case) become communes, departments, all; anything else (a keyword, unit codes) is kept."""
    text = typed.strip()
    return _AUDIENCE_KEYWORDS.get(_bare(text), text)


# What `--audience` takes, for a refusal to show.
_AUDIENCE_FORMS = (
    "ghi một nhóm: xã (các xã, phường, đặc khu), sở (các sở, ban, ngành) hoặc tất cả; hoặc "
    "chỉ các mã đơn vị, cách nhau bởi dấu phẩy, ví dụ 21211,SKHCN"
)


def mixed_audience(typed: str) -> str | None:
    """Why `--audience` mixes a group with unit codes («xã,SKHCN») or with another group,
    showing what it takes; None when it does not."""
    if audience_keyword(typed) in _AUDIENCE_WORDS:
        return None
    parts = [part.strip() for part in typed.split(",") if part.strip()]
    groups = [part for part in parts if _bare(part) in (*_AUDIENCE_KEYWORDS, *_AUDIENCE_WORDS)]
    if not groups:
        return None
    named = ", ".join(f"«{clean(group, one_line=True)}»" for group in groups)
    if len(groups) < len(parts):
        mixed = f"cả nhóm đơn vị ({named}) lẫn mã đơn vị"
    else:
        mixed = f"nhiều nhóm đơn vị ({named})"
    return f"không thể ghi {mixed} trong một --audience; {_AUDIENCE_FORMS}"
