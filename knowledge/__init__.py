"""Everything derived from the plan and its documents (a pure library).

Sections, retrieval, glossary, FAQ, survey definitions, deadlines and the date arithmetic of
periods. The ground floor: it imports no other project package and no platform library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Eager: the function is named like its module, which would shadow a lazy export; the
# module is light (it imports the search index only for its annotations).
from knowledge.evaluate import EvalResult, evaluate

if TYPE_CHECKING:
    from knowledge.answer import Answer, AnswerKind, KnowledgeBase, Source
    from knowledge.documents import (
        PLAN_DOC,
        PLAN_NAME,
        Document,
        DocumentError,
        DocumentInfo,
        add_document,
        load_documents,
        remove_document,
    )
    from knowledge.keys import parse_section_key, section_key
    from knowledge.sections import Section, parse_sections

# Loaded on first use, so that importing one light module (`knowledge.surveys`) does not load
# the search index's libraries: a one-shot `cdsbot` command starts in a fraction of the time.
_EXPORTS = {
    "Answer": "knowledge.answer",
    "AnswerKind": "knowledge.answer",
    "KnowledgeBase": "knowledge.answer",
    "Source": "knowledge.answer",
    "PLAN_DOC": "knowledge.documents",
    "PLAN_NAME": "knowledge.documents",
    "Document": "knowledge.documents",
    "DocumentError": "knowledge.documents",
    "DocumentInfo": "knowledge.documents",
    "add_document": "knowledge.documents",
    "load_documents": "knowledge.documents",
    "remove_document": "knowledge.documents",
    "parse_section_key": "knowledge.keys",
    "section_key": "knowledge.keys",
    "Section": "knowledge.sections",
    "parse_sections": "knowledge.sections",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "PLAN_DOC",
    "PLAN_NAME",
    "Answer",
    "AnswerKind",
    "Document",
    "DocumentError",
    "DocumentInfo",
    "EvalResult",
    "KnowledgeBase",
    "Section",
    "Source",
    "add_document",
    "evaluate",
    "load_documents",
    "parse_section_key",
    "parse_sections",
    "remove_document",
    "section_key",
]
