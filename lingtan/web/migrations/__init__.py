"""Alembic migrations of the web app's database, run programmatically at start (no alembic.ini):
:func:`upgrade` brings a new or older database to the latest revision in ``versions/``."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def upgrade(url: str) -> None:
    """Run every migration the database at ``url`` lacks."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("sqlalchemy.url", url)
    command.upgrade(cfg, "head")
