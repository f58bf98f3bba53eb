"""Page images for the report: one page of a submitted file, small, with the evidence text of a
finding marked where the page's text layer has it (scans without a text layer are shown unmarked)."""

from __future__ import annotations

import io
from pathlib import Path

from lingtan.checker import open_submission

THUMB_WIDTH = 560
MARK_RGB = (1.0, 0.85, 0.0)


def _needles(evidence: str) -> list[str]:
    """Pieces of the evidence text to look for on the page (whole lines, else their first 20 characters)."""
    out = []
    for line in evidence.replace("“", "\n").replace("”", "\n").splitlines():
        line = line.strip().strip("…").strip()
        if len(line) >= 4:
            out += [line, line[:20]] if len(line) > 20 else [line]
    return out[:12]


def page_png(submission: Path, display: str, page: int, evidence: str = "") -> tuple[bytes, int] | None:
    """The PNG of ``page`` of the file shown as ``display`` in the submission and how many marks it has; None when not found."""
    from lingtan.checker import pdf_library

    pymupdf = pdf_library()

    with open_submission(Path(submission)) as ing:
        src = next((f for f in ing.files if f.display == display), None)
        if src is None:
            return None
        data = src.read()
        suffix = src.suffix
    try:
        doc = pymupdf.open(stream=data, filetype=suffix.lstrip(".") or "pdf")
    except Exception:  # noqa: BLE001 - a file the checker could not read has no page to show
        return None
    with doc:
        if page < 1 or page > doc.page_count:
            return None
        pg = doc[page - 1]
        marks = 0
        if evidence and pg.get_text("text").strip():
            seen: list = []
            for needle in _needles(evidence):
                for rect in pg.search_for(needle):
                    if any(rect.intersects(r) for r in seen):
                        continue
                    seen.append(rect)
                    annot = pg.add_highlight_annot(rect)
                    annot.set_colors(stroke=MARK_RGB)
                    annot.update()
                    marks += 1
        zoom = THUMB_WIDTH / max(pg.rect.width, 1)
        pix = pg.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), annots=True)
        buf = io.BytesIO(pix.tobytes("png"))
        return buf.getvalue(), marks
