"""Reading the workspace's rule files: `rules/*.rules` in file-name order, parsed and checked.

Every error in every file is collected (a file that does not parse still lets the others be checked), so
`statustui rules check` can list them all; while any error remains, automatic rules do not run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from statustui.language import LanguageContext, LanguageError, check_rules, parse_rules
from statustui.language.ast import Rule

RULE_SUFFIX = ".rules"


@dataclass
class RuleSet:
    """The checked rules of a workspace, in the order they run, and the problems that stop them."""

    rules: list[Rule] = field(default_factory=list)
    problems: list[LanguageError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def active(self) -> bool:
        """Automatic rules run only when there are rules and no file has an error."""
        return self.ok and bool(self.rules)

    @property
    def stopped_message(self) -> str:
        n = len(self.problems)
        return (f"automatic rules are stopped: {n} error{'s' if n != 1 else ''} in the rule files "
                "(run `statustui rules check`); manual changes still work")


def rule_files(rules_dir: Path) -> list[Path]:
    if not rules_dir.is_dir():
        return []
    return sorted((p for p in rules_dir.iterdir() if p.suffix == RULE_SUFFIX and p.is_file()),
                  key=lambda p: p.name)


def load_rules(rules_dir: Path, ctx: LanguageContext) -> RuleSet:
    result = RuleSet()
    seen: dict[str, Rule] = {}
    for path in rule_files(rules_dir):
        result.files.append(path.name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            result.problems.append(LanguageError(f"cannot read the file: {e}", source=path.name))
            continue
        try:
            rules = check_rules(parse_rules(text, path.name), ctx)
        except LanguageError as e:
            result.problems.extend(_problems(e, text, path.name))
            continue
        for rule in rules:
            first = seen.get(rule.name.lower())
            if first is not None:
                result.problems.append(LanguageError(
                    f"a rule named {rule.name!r} already exists ({first.file}:{first.line}); rule names are unique "
                    "in the workspace", rule.line, rule.column, text=text, source=path.name))
                continue
            seen[rule.name.lower()] = rule
            result.rules.append(rule)
    return result


def _problems(error: LanguageError, text: str, source: str) -> list[LanguageError]:
    """A LanguageError may carry several errors (`.errors`); each is shown against the file's text."""
    errors = getattr(error, "errors", None) or [error]
    return [e.located(text, e.source or source) for e in errors]
