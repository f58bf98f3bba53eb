"""Alembic environment: online migrations against the URL :func:`lingtan.web.migrations.upgrade` sets."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from lingtan.web.db import Base

config = context.config
engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
