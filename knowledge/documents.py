"""Load the built-in plan and documents added by administrators (.txt, .docx)."""

from __future__ import annotations

import json
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from knowledge.keys import section_key
from knowledge.sections import Section, read_document

PLAN_DOC = "87/KH-UBND"
PLAN_NAME = "Kế hoạch 87/KH-UBND"
PLAN_PATH = Path(__file__).parent / "docs" / "ke-hoach-87-KH-UBND-2024.txt"
MAX_DOC_ID_CHARS = 24
# Buttons carry (document, section) keys; every section of an added document must fit.
_LONGEST_SECTION_ID = "Chương XVIII"
_SLUG_RE = re.compile(r"[^A-Za-z0-9]+")
# Logged (with "file" and "reason") for an added document that cannot be read: it is left
# out and the assistant starts without it.
SKIPPED_EVENT = "kb.document_skipped"

logger = logging.getLogger(__name__)


class DocumentError(ValueError):
    """A document cannot be added: unsupported type, empty text or a bad id."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document: its short id ("87/KH-UBND"), display name and sections."""

    doc: str
    title: str
    sections: tuple[Section, ...]
    # The full name from the document's own title ("Kế hoạch triển khai thực hiện Đề án …").
    name: str = ""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What `kb list` shows about one document."""

    doc: str
    title: str
    sections: int
    builtin: bool


def read_text(path: Path) -> str:
    """Return the plain text of a .txt (UTF-8) or .docx file, one paragraph per line."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(f"tệp {path.name} không phải văn bản UTF-8") from None
    if suffix == ".docx":
        # python-docx, imported only when a .docx is read
        import docx
        from docx.opc.exceptions import OpcError

        try:
            document = docx.Document(str(path))
        except (OpcError, zipfile.BadZipFile, KeyError):
            raise DocumentError(f"tệp {path.name} không phải tệp Word .docx đọc được") from None
        return "\n".join(p.text for p in document.paragraphs)
    raise DocumentError(f"chỉ nhận tệp .txt hoặc .docx, không nhận tệp {path.suffix or 'này'}")


def parse_document(text: str, *, doc: str, title: str) -> Document:
    """Build a `Document` from raw text."""
    sections, name = read_document(text)
    return Document(doc=doc, title=title, sections=tuple(sections), name=name)


def builtin_plan() -> Document:
    """Return Plan 87/KH-UBND, shipped with the package."""
    text = PLAN_PATH.read_text(encoding="utf-8")
    return parse_document(text, doc=PLAN_DOC, title=PLAN_NAME)


def _slug(doc_id: str) -> str:
    return _SLUG_RE.sub("-", doc_id).strip("-") or "doc"


def _check_doc_id(doc_id: str) -> None:
    """Raise `DocumentError` unless ``doc_id`` can name an added document."""
    if not doc_id or len(doc_id) > MAX_DOC_ID_CHARS or ":" in doc_id:
        raise DocumentError(
            f"số hiệu văn bản phải có từ 1 đến {MAX_DOC_ID_CHARS} ký tự, không có dấu ':'"
        )
    if doc_id == PLAN_DOC:
        raise DocumentError("không thể thay Kế hoạch có sẵn bằng tài liệu khác")
    try:
        section_key(doc_id, _LONGEST_SECTION_ID)
    except ValueError as exc:
        raise DocumentError("số hiệu văn bản quá dài để dùng trong nút bấm của chat") from exc


def add_document(
    path: Path, doc_id: str, extra_dir: Path, *, title: str | None = None
) -> Document:
    """Copy a document's text and metadata into ``extra_dir`` and return it parsed."""
    doc_id = " ".join(doc_id.split())
    _check_doc_id(doc_id)
    holder = added_id(doc_id, extra_dir)
    if holder is not None and holder != doc_id:
        # "QC-01/2026" and "QC-01-2026" are kept in the same files: one would erase the other.
        raise DocumentError(
            f"số hiệu {doc_id} trùng tên tệp với tài liệu {holder} đã thêm; hãy ghi số hiệu "
            f"khác, hoặc gỡ {holder} trước (cdsbot kb remove)"
        )
    text = read_text(path)
    if not text.strip():
        raise DocumentError(f"tệp {path.name} không có chữ nào")
    extra_dir.mkdir(parents=True, exist_ok=True)
    slug = _slug(doc_id)
    (extra_dir / f"{slug}.txt").write_text(text, encoding="utf-8")
    meta = {
        "doc": doc_id,
        "title": title or doc_id,
        "source": path.name,
        "added": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (extra_dir / f"{slug}.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return parse_document(text, doc=doc_id, title=meta["title"])


def added_id(doc_id: str, extra_dir: Path) -> str | None:
    """The id of the added document kept in the files ``doc_id`` would be kept in, if any
    (``doc_id`` itself when it was added before)."""
    meta = extra_dir / f"{_slug(' '.join(doc_id.split()))}.json"
    try:
        return _added_meta(meta)[1] if meta.is_file() else None
    except DocumentError:
        return None


def remove_document(doc_id: str, extra_dir: Path) -> bool:
    """Delete a previously added document; return whether it existed. Files that hold
    another document («QC-01/2026» when «QC-01-2026» is asked) are left alone."""
    holder = added_id(doc_id, extra_dir)
    if holder is not None and holder != " ".join(doc_id.split()):
        return False
    slug = _slug(" ".join(doc_id.split()))
    found = False
    for suffix in (".txt", ".json"):
        target = extra_dir / f"{slug}{suffix}"
        if target.exists():
            target.unlink()
            found = True
    return found


def load_documents(extra_dir: Path | None = None) -> list[Document]:
    """Return the built-in plan followed by every document added to ``extra_dir``.

    An added document that cannot be read (its files edited or damaged by hand) is left out
    and logged as `SKIPPED_EVENT`, naming the file and why: the assistant still starts.
    """
    documents = [builtin_plan()]
    if extra_dir is None or not extra_dir.is_dir():
        return documents
    metas = []
    for meta_path in sorted(extra_dir.glob("*.json")):
        text_path = meta_path.with_suffix(".txt")
        if not text_path.exists():
            reason = f"thiếu tệp nội dung {text_path.name}"
            logger.warning(SKIPPED_EVENT, extra={"file": meta_path.name, "reason": reason})
            continue
        try:
            metas.append((*_added_meta(meta_path), text_path))
        except DocumentError as problem:
            logger.warning(SKIPPED_EVENT, extra={"file": meta_path.name, "reason": str(problem)})
    seen = {PLAN_DOC}
    # In the order they were added; one whose date is missing last.
    for _, doc, title, text_path in sorted(metas, key=lambda m: (not m[0], m[:3])):
        try:
            if doc in seen:
                raise DocumentError(f"số hiệu {doc} đã có ở một tài liệu khác")
            text = read_text(text_path)
        except (DocumentError, OSError) as problem:
            reason = str(problem) if isinstance(problem, DocumentError) else "không đọc được tệp"
            logger.warning(SKIPPED_EVENT, extra={"file": text_path.name, "reason": reason})
            continue
        seen.add(doc)
        documents.append(parse_document(text, doc=doc, title=title))
    return documents


def _added_meta(path: Path) -> tuple[str, str, str]:
    """(when added, id, title) from an added document's metadata file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise DocumentError("tệp mô tả không đọc được (cần JSON hợp lệ, mã UTF-8)") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("doc"), str):
        raise DocumentError('tệp mô tả không có số hiệu văn bản ("doc")')
    doc = " ".join(raw["doc"].split())
    _check_doc_id(doc)
    title = raw.get("title")
    return str(raw.get("added", "")), doc, " ".join(str(title or doc).split())
