"""The history: enterprises, applications, submissions, runs, findings and reviewers' decisions in
SQLite (SQLAlchemy 2). The schema is created and upgraded by the Alembic migrations in
:mod:`lingtan.web.migrations`, run at every start (:func:`open_database`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker

DB_NAME = "lingtan.sqlite3"


def now() -> dt.datetime:
    """The current time (UTC, without tzinfo: SQLite keeps no zone)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Enterprise(Base):
    """An enterprise, known from an application it filled or a submission checked."""

    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    uscc: Mapped[str | None] = mapped_column(String(40), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Application(Base):
    """An enterprise's application being filled: scheme, level and the data (YAML text)."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    scheme: Mapped[str] = mapped_column(String(40))
    level: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    data_yaml: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Batch(Base):
    """A folder on the server registered by a reviewer: each subfolder or zip is a submission."""

    __tablename__ = "batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    root: Mapped[str] = mapped_column(Text)
    scheme: Mapped[str] = mapped_column(String(40))
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Submission(Base):
    """One enterprise's submitted materials under one scheme; each check (and re-check) is a run."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    scheme: Mapped[str] = mapped_column(String(40))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batches.id"), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    enterprise: Mapped[Enterprise | None] = relationship()
    runs: Mapped[list[Run]] = relationship(back_populates="submission", order_by="Run.id")


class Run(Base):
    """One check of a submission's files: queued → running → done / failed."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)  # queued / running / done / failed
    path: Mapped[str] = mapped_column(Text)  # what is checked: the run's folder of uploads, or a registered folder or zip
    files_json: Mapped[str] = mapped_column(Text, default="[]")  # the uploads: name, sha256, size
    as_of: Mapped[str] = mapped_column(String(10))
    ocr: Mapped[bool] = mapped_column(Boolean, default=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # files read so far
    total: Mapped[int] = mapped_column(Integer, default=0)  # files to read (as counted at upload)
    complete: Mapped[bool | None] = mapped_column(Boolean)
    problems: Mapped[int] = mapped_column(Integer, default=0)
    to_verify: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    report_json: Mapped[str | None] = mapped_column(Text)
    seconds: Mapped[float | None] = mapped_column(Float)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    started: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submission: Mapped[Submission] = relationship(back_populates="runs")
    findings: Mapped[list[Finding]] = relationship(back_populates="run", order_by="Finding.id")


class Finding(Base):
    """One problem (问题) or item to verify (待人工核对) of a run."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    key: Mapped[str] = mapped_column(Text)  # code | material | document: the same finding in another run
    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    verdict: Mapped[str] = mapped_column(String(20))  # 问题 / 待人工核对
    material: Mapped[str | None] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(Text)
    first_page: Mapped[int | None] = mapped_column(Integer)
    last_page: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    run: Mapped[Run] = relationship(back_populates="findings")
    decisions: Mapped[list[Decision]] = relationship(back_populates="finding", order_by="Decision.id")

    @property
    def decision(self) -> Decision | None:
        """The reviewer's latest decision on this finding."""
        return self.decisions[-1] if self.decisions else None


class Decision(Base):
    """A reviewer's decision on a finding: confirmed (确认) or dismissed (驳回), with a note."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # confirm / dismiss
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    finding: Mapped[Finding] = relationship(back_populates="decisions")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the writer
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def open_database(data_dir: Path) -> sessionmaker:
    """The database in ``data_dir`` migrated to the latest schema, and a session factory for it."""
    from .migrations import upgrade

    url = f"sqlite:///{Path(data_dir) / DB_NAME}"
    upgrade(url)
    engine: Engine = create_engine(url, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _sqlite_pragmas)
    return sessionmaker(engine, expire_on_commit=False)
