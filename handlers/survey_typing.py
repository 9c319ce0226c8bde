"""What free text typed at a report's question reads as: a question to the assistant, or an
attempt at an answer («chưa làm được gì» at a choice question means «none», not «what?»)."""

from __future__ import annotations

import re

from handlers.choices import fold, without_politeness
from knowledge.live_intents import live_intent
from knowledge.survey_models import NO, YES, Option, Question

__all__ = [
    "asks_something",
    "is_question",
    "negative_option",
    "none_of",
    "says_none",
    "says_yes",
]

# Free text at a number or date question that reads as a question to the assistant (folded).
_QUESTION_WORDS = re.compile(
    r"\b(bao nhieu|la gi|nghia la|the nao|nhu nao|tai sao|vi sao|khi nao|luc nao|o dau|"
    r"lam sao|co phai|co can|co duoc|ai phai|ai la|gom nhung|nhung gi)\b"
)
# The last word of a question typed without «?» («sắp tới có hạn gì», «nộp muộn được không»),
# folded: at a choice question such text is no attempt at an answer.
_QUESTION_END = frozenset({"gi", "chua", "khong", "ko", "k", "hong", "sao", "nao", "vay", "nhi"})
# «gì» anywhere in a sentence asks something («xã phải làm gì theo kế hoạch»), unless the
# sentence starts with a negation: «chưa làm được gì», «không có buổi nào» mean «none».
_ASKING_ANYWHERE = "gi"
# Words that negate what follows, folded (phone spellings included; not «kh», which is also
# «kế hoạch»: «kh yêu cầu gì» asks).
_NEGATIONS = frozenset({"chua", "khong", "ko", "k", "hong", "chang"})
_FIRST_NEGATIONS = [[word] for word in sorted(_NEGATIONS)]
# «gì», «nào» end a negative answer as well as a question («chưa có gì», «không có buổi
# nào»); the other question endings do not («chưa báo cáo thì sao», «không nộp được không»).
_NONE_ENDS = frozenset({"gi", "nao"})
# After a negation, these say the official does not know («không biết phải làm gì», «chưa rõ
# hỏi gì»): a question or a remark, not a «none».
_NOT_KNOWING = frozenset({"biet", "hieu", "ro", "nho", "chac", "thay"})


# «chưa có gì», «không có», «chưa có buổi nào», «không có ai cả», and a bare «không» (also the
# word for the digit 0) (folded, polite words dropped): at a count these say there is none.
# Not «chưa có số liệu», «chưa thống kê» or a bare «chưa», which say the figure is not known
# (yet), not that it is 0.
_NONE_OF = re.compile(
    r"^(?:(?:chua|khong|ko|k|hong|chang) co(?: (?P<what>gi|ai|(?:\w+ ){1,3}nao))?(?: ca| het)?"
    r"|khong|ko|k|hong)$"
)


def _words(text: str) -> list[str]:
    return without_politeness(fold(text).rstrip(".!")).split()


def says_none(text: str) -> bool:
    """Whether text typed at a choice question is a negative answer: it starts with a negation
    («chưa làm được gì», «không có gì», «chưa triển khai», «Dạ chưa ạ») and asks nothing (no
    «?» or question word, no «không biết …», no «… thì sao»)."""
    words = _words(text)
    if not words or words[0] not in _NEGATIONS or is_question(text):
        return False
    rest = words[1:]
    if not rest:
        return True
    return rest[0] not in _NOT_KNOWING and rest[-1] not in _QUESTION_END - _NONE_ENDS


# «rồi» ends a reply that something is done («Rồi ạ», «đã phân công rồi»), folded; «rùi» is a
# phone's spelling. Before it, a yes may say «có», «đã» (folded «da») or «xong».
_DONE = frozenset({"roi", "rui"})
_AFFIRMING = frozenset({"co", "da", "xong"})


def says_yes(question: Question, text: str) -> bool:
    """Whether text typed at a yes/no question says it is done: «rồi», «Rồi ạ», «có rồi», or
    the question's own words then «rồi» («đã phân công rồi» at «… đã phân công … chưa?»).
    Nothing negated («chưa … rồi», «không … rồi»: `says_none`) and nothing asked; words the
    question does not use («nghỉ rồi», «bỏ rồi») may say something else and are not read."""
    if {option.code for option in question.options} != {YES, NO}:
        return False
    if "?" in text or is_question(text):
        return False
    words = without_politeness(" ".join(re.findall(r"\w+", fold(text)))).split()
    if not words or words[-1] not in _DONE or _NEGATIONS.intersection(words):
        return False
    asked = set(re.findall(r"\w+", fold(question.text)))
    return all(word in _AFFIRMING or word in asked for word in words[:-1])


def none_of(text: str) -> str | None:
    """What «chưa có gì», «không có», «chưa có buổi nào» say there is none of, folded: "" when
    they name nothing («gì», or nothing at all), «ai» for people, else the words before «nào»
    («buoi»); None for any other text."""
    match = _NONE_OF.match(" ".join(_words(text)))
    if match is None:
        return None
    what = match["what"] or ""
    return "" if what == "gi" else what.removesuffix(" nao")


def negative_option(question: Question) -> Option | None:
    """The one option a negative answer clearly picks: «Không» of a yes/no question, the range
    holding 0 of a count question («Chưa có buổi nào»), or the only option that itself starts
    with a negation («Chưa triển khai»); None when no option or several could be meant."""
    if question.type == "yes_no":
        return question.option(NO)
    if question.counted:
        return question.option_for_count(0)
    negative = [o for o in question.options if _words(o.label)[:1] in _FIRST_NEGATIONS]
    return negative[0] if len(negative) == 1 else None


def is_question(text: str) -> bool:
    """Whether free text typed at a number question is rather a question to the assistant (on
    the plan, or on its records: «đơn vị tôi đã báo cáo chưa»)."""
    if "?" in text or _QUESTION_WORDS.search(fold(text)) is not None:
        return True
    return live_intent(text) is not None


def asks_something(text: str) -> bool:
    """Whether text typed at a choice question is clearly a question, not a try at an answer:
    a question mark, a question word, a question about the assistant's records, or a sentence
    of three words or more ending as Vietnamese questions end («…có hạn gì», «…được không») or
    asking «gì» on the way («xã phải làm gì theo kế hoạch»). A negative answer («chưa làm được
    gì») is a try at an answer."""
    if "?" in text:
        return True
    if says_none(text):
        return False
    if is_question(text):
        return True
    words = _words(text)
    return len(words) >= 3 and (words[-1] in _QUESTION_END or _ASKING_ANYWHERE in words)
