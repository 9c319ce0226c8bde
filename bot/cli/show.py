"""Everything the CLI prints goes through here: user text is made inert for terminals.

Questions, names and answers come from anonymous chat users. Printed raw, an escape sequence
can retitle the operator's terminal or plant a clickable link (OSC 0, OSC 8), and Rich would
interpret `[link=...]` markup. Control characters are shown as visible escapes (`\\x1b`), and
table cells are Rich `Text`, which is never parsed for markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

# C0 (but newline and tab), DEL, C1 (CSI 0x9b, OSC 0x9d...), and the bidi overrides and
# isolates that reorder what the operator reads.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, *, one_line: bool = False) -> str:
    """Text safe to print: control characters as visible escapes; newlines kept unless
    `one_line`."""
    text = "" if value is None else str(value)
    text = _UNSAFE.sub(_visible, text)
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def echo(message: object = "", *, err: bool = False) -> None:
    """Print one message (to stderr with `err`)."""
    typer.echo(clean(message), err=err)


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A Rich table whose cells are plain text, never markup."""
    table = Table(*headers)
    for row in rows:
        table.add_row(*(Text(clean(cell)) for cell in row))
    Console(highlight=False).print(table)
