"""How long the console's free-text fields may be: one place for every form.

No form field carries `maxlength` (a browser cuts a pasted text there without a word) and no
route cuts a value: a value past its limit is refused, naming the field and its limit, and
the form comes back with what was typed. Each label is the one its form shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from handlers.numbers import vn_int
from storage import faq
from storage.deadline_rules import TITLE_MAX

TOO_LONG: Final = (
    "Ô «{label}» có {length} ký tự, vượt giới hạn {limit} ký tự. Vui lòng rút gọn rồi gửi "
    "lại; nội dung đã nhập vẫn còn trong ô."
)
TOO_MANY_SECTIONS: Final = (
    "Ô «{label}» ghi {count} mục; chỉ ghi được tối đa {limit} mục. Vui lòng bỏ bớt rồi gửi lại."
)
# What one form field may carry at all (FastAPI's `Form(max_length=...)`): far above every
# limit below, so that an over-long value reaches its check and is named; a body of megabytes
# is still refused outright.
RECEIVED: Final = 20_000


@dataclass(frozen=True, slots=True)
class Limit:
    """A field's label, as its form shows it, and how many characters it takes."""

    label: str
    chars: int

    @property
    def hint(self) -> str:
        """Said beside the field: «tối đa 1.000 ký tự»."""
        return f"tối đa {vn_int(self.chars)} ký tự"

    def problem(self, value: str) -> str | None:
        """Why `value` (as it would be stored) is refused; None when it fits."""
        if len(value) <= self.chars:
            return None
        return TOO_LONG.format(
            label=self.label, length=vn_int(len(value)), limit=vn_int(self.chars)
        )


# «Trả lại để chỉnh sửa»: the comment goes to the unit's officials in chat.
COMMENT: Final = Limit("Góp ý cho đơn vị", 1000)
# «Gửi thông báo chung».
BROADCAST: Final = Limit("Nội dung", 2000)
# «Soạn câu trả lời» (a FAQ entry), as the table stores it.
FAQ_QUESTION: Final = Limit("Câu hỏi", faq.QUESTION_MAX)
FAQ_ANSWER: Final = Limit("Câu trả lời", faq.ANSWER_MAX)
FAQ_SECTIONS: Final = Limit("Các mục của Kế hoạch được trích", 200)
FAQ_SECTIONS_COUNT: Final = 10
# «Thêm hạn» / «Sửa hạn»: the title is checked by `storage/deadline_rules.py`, as
# `cdsbot deadlines add` checks it; the unit codes here.
DEADLINE_TITLE: Final = Limit("Tên việc", TITLE_MAX)
AUDIENCE_CODES: Final = Limit("Mã đơn vị", 500)


def too_many_sections(count: int) -> str | None:
    """Why a FAQ entry citing `count` sections is refused; None when it may."""
    if count <= FAQ_SECTIONS_COUNT:
        return None
    return TOO_MANY_SECTIONS.format(
        label=FAQ_SECTIONS.label, count=count, limit=FAQ_SECTIONS_COUNT
    )
