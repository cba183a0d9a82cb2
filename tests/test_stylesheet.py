"""The stylesheet parses whole: a rule left open (a lost ``}`` in a merge) silently swallows every
rule after it, which only a browser at the wrong width would show."""

from __future__ import annotations

import tinycss2

from core.platform.config import ROOT


def test_every_rule_of_the_stylesheet_closes():
    css = (ROOT / "core" / "static" / "app.css").read_text(encoding="utf-8")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    errors = [rule for rule in rules if rule.type == "error"]
    assert errors == []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "media":
            nested = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            assert all(inner.type == "qualified-rule" for inner in nested), tinycss2.serialize(rule.prelude)
            assert all("@media" not in tinycss2.serialize(inner.prelude) for inner in nested)
    top_level = {tinycss2.serialize(rule.prelude).strip() for rule in rules if rule.type == "qualified-rule"}
    assert {".scroll", ".admin-nav", "form.period input"} <= top_level, "the last rules are read at the top level"
