"""The consolidated report's wording, read from knowledge/report_template.yaml.

The office edits headings and sentences there; the code supplies only the named fields. A
sentence that names a field the code does not supply is refused when the file is loaded, so a
typo never reaches a half-written document.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

import knowledge

TEMPLATE_PATH = Path(knowledge.__file__).parent / "report_template.yaml"
Measure = Literal["share", "mean", "total", "choice"]

# The fields the code fills; any sentence may use the common ones.
COMMON_FIELDS = frozenset(
    {"issuer", "issuer_code", "period", "survey", "today", "due", "audience"}
)
FIELDS = COMMON_FIELDS | {
    "total", "reported", "share", "on_time", "late", "draft", "missing", "kind", "label",
    "section", "count", "value", "target", "unit", "counts", "option", "number", "text", "units",
}  # fmt: skip


class TemplateError(ValueError):
    """The template file cannot be used; the message names the place."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Headings(_Model):
    """Section headings."""

    reporting: str
    targets: str
    difficulties: str
    proposals: str
    directions: str
    appendix: str
    appendix_subject: str


class Sentences(_Model):
    """Sentence patterns with {named} fields."""

    reported: str
    none_reported: str
    by_kind: str
    share: str
    share_no_target: str
    mean: str
    mean_no_target: str
    total: str
    choice: str
    choice_item: str
    no_data: str
    chart_caption: str
    quote: str
    no_quotes: str
    directions: str
    closing: str


class MeasureSpec(_Model):
    """One question the report measures in section II."""

    question: str
    label: str
    measure: Measure
    unit: str = ""
    yes_code: str = "co"
    target: str | None = None


class Signature(_Model):
    """The signer's block."""

    title: str
    name: str


class ReportTemplate(_Model):
    """Everything the report says that is not a figure."""

    title: str
    subject: str
    number: str
    intro: str
    headings: Headings
    sentences: Sentences
    empty_answers: tuple[str, ...] = ()
    difficulties: str
    proposals: str
    measures: tuple[MeasureSpec, ...]
    appendix_columns: dict[str, str]
    signature: Signature
    recipients_label: str
    recipients: tuple[str, ...]


def _patterns(template: ReportTemplate) -> list[tuple[str, str]]:
    fixed = [("title", template.title), ("subject", template.subject)]
    fixed += [("number", template.number), ("intro", template.intro)]
    fixed += [(f"headings.{k}", v) for k, v in template.headings.model_dump().items()]
    fixed += [(f"sentences.{k}", v) for k, v in template.sentences.model_dump().items()]
    fixed += [(f"recipients[{i}]", line) for i, line in enumerate(template.recipients)]
    return fixed


def _check_fields(template: ReportTemplate) -> None:
    for where, pattern in _patterns(template):
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name}
        except ValueError as error:
            raise TemplateError(f"{where}: {error}") from None
        unknown = sorted(names - FIELDS)
        if unknown:
            raise TemplateError(f"{where}: unknown field {{{unknown[0]}}}")


def load_template(path: Path = TEMPLATE_PATH) -> ReportTemplate:
    """Read and check the template; raises TemplateError with the file and the problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise TemplateError(f"{path}: cannot read: {error}") from None
    try:
        template = ReportTemplate.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise TemplateError(f"{path}: {where}: {first['msg']}") from None
    try:
        _check_fields(template)
    except TemplateError as error:
        raise TemplateError(f"{path}: {error}") from None
    return template


class _Fields(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""  # a known field this sentence has no value for (checked on load)


def fill(pattern: str, /, **fields: object) -> str:
    """A pattern with its fields; fields the pattern does not use are ignored."""
    return pattern.format_map(_Fields(fields))
