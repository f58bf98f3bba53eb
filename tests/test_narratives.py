"""Narratives: the applicant's text when given, else a marked draft of facts; limits read as written."""

from __future__ import annotations

import pytest

from lingtan.generator import narratives as N


@pytest.mark.parametrize("text,chars,kind", [
    ("约400字", 400, "about"), ("400字左右", 400, "about"), ("限300字以内（零碳建设主要成效）", 300, "max"),
    ("不超400字", 400, "max"), ("300字以内", 300, "max"),
])
def test_limits_are_read_in_the_sources_words(text, chars, kind):
    lim = N.parse_limit(text)
    assert (lim.chars, lim.kind) == (chars, kind)


def test_counting_ignores_whitespace_only():
    assert N.count_chars("零碳 工厂\n，ab") == 7


@pytest.mark.parametrize("chars,status", [(300, "ok"), (301, "too_long")])
def test_hard_limits(chars, status):
    n = N.Narrative("k", "标题", "字" * chars, False, chars, N.parse_limit("300字以内"))
    N.check_length(n)
    assert n.status == status


@pytest.mark.parametrize("chars,status", [(400, "ok"), (480, "ok"), (481, "too_long"), (199, "too_short")])
def test_about_limits_allow_twenty_percent(chars, status):
    n = N.Narrative("k", "标题", "字" * chars, False, chars, N.parse_limit("约400字"))
    N.check_length(n)
    assert n.status == status


def test_drafts_leave_out_sentences_without_data_and_keep_punctuation(monkeypatch):
    monkeypatch.setattr(N, "recipes", lambda: {"k": N.Recipe(title="t", sentences=[
        "甲{{ x }}", "，乙{{ missing }}", "，丙{{ y }}", "丁{{ none }}", "戊{{ x }}"])})
    assert N.draft("k", {"x": 1, "y": 2, "none": None}) == "甲1，丙2。戊1。"
    assert N.draft("k", {"x": 1, "y": None, "none": None}) == "甲1。戊1。"
    assert N.draft("k", {"x": None, "y": 2, "none": None}) == "丙2。"
    assert N.draft("k", {"x": None, "y": None, "none": None}) == N.EMPTY_DRAFT  # says so, never blank


def test_drafts_respect_the_limit(monkeypatch):
    monkeypatch.setattr(N, "recipes", lambda: {"k": N.Recipe(title="t", sentences=["一二三四五。", "六七八九十。", "短。"])})
    assert N.draft("k", {}, N.parse_limit("9字以内")) == "一二三四五。短。"


def test_given_text_wins_over_a_draft():
    out = N.resolve({"measures_plan": "约400字"}, {"measures_plan": "企业自己写的"}, {})
    assert out["measures_plan"].text == "企业自己写的" and not out["measures_plan"].draft
    assert out["measures_plan"].status == "too_short"
