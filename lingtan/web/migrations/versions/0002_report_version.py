"""Stored reports as the checker's report contract of the current version: a report of version 1 (no
``schema_version``; ``comparisons`` may be absent, its rows without ``id``/``label_en``/``types``, their
sources naming the document type by its Chinese name) is upgraded by the checker's own steps
(``checker.pipeline.upgrade_report``), read through ``Report`` and written back as ``Report.to_json`` writes it.
A stored report that cannot be read is left as it is (its page says so), not lost.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json
import logging

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger("lingtan.web")


def upgrade() -> None:
    from lingtan.checker import REPORT_VERSION, Report, report_version
    from lingtan.common import LingtanError

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, report_json FROM runs WHERE report_json IS NOT NULL")).all()
    for run_id, text in rows:
        try:
            data = json.loads(text)
            if isinstance(data, dict) and report_version(data) >= REPORT_VERSION:
                continue
            new = Report.from_json(text).to_json()
        except (ValueError, LingtanError) as exc:
            log.warning("run %s: stored report not upgraded: %s", run_id, exc)
            continue
        conn.execute(sa.text("UPDATE runs SET report_json = :j WHERE id = :id"), {"j": new, "id": run_id})


def downgrade() -> None:
    """Version 1 readers ignore ``schema_version`` and read every key version 2 writes; nothing to undo."""
