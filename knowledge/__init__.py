"""Everything derived from the plan and its documents (a pure library).

Sections, retrieval, glossary, FAQ, survey definitions, deadlines and the date arithmetic of
periods. The ground floor: it imports no other project package and no platform library.
"""

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
from knowledge.evaluate import EvalResult, evaluate
from knowledge.keys import parse_section_key, section_key
from knowledge.sections import Section, parse_sections

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
