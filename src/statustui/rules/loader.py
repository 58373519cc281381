"""Reading the workspace's rule files: `rules/*.rules` in file-name order, parsed and checked.

Every error in every file is collected (a file that does not parse still lets the others be checked), so
`statustui rules check` can list them all; while any error remains, automatic rules do not run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from statustui.language import LanguageContext, LanguageError, parse_rules
from statustui.language.ast import Rule
from statustui.language.check import rule_problems

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
        return (
            f"automatic rules are stopped: {n} error{'s' if n != 1 else ''} in the rule files "
            "(run `statustui rules check`); manual changes still work"
        )


def rule_files(rules_dir: Path) -> list[Path]:
    if not rules_dir.is_dir():
        return []
    return sorted(
        (p for p in rules_dir.iterdir() if p.suffix == RULE_SUFFIX and p.is_file()), key=lambda p: p.name
    )


def load_rules(rules_dir: Path, ctx: LanguageContext, edited: dict[str, str] | None = None) -> RuleSet:
    """The rule set of `rules_dir`; `edited` (file name -> text) stands in for files as the app's rule editor
    has them, so it shows what saving would give."""
    result = RuleSet()
    seen: dict[str, Rule] = {}
    edited = edited or {}
    try:
        on_disk = rule_files(rules_dir)
    except OSError as e:  # an unreadable folder stops the automatic rules, not the manual work
        result.problems.append(
            LanguageError(f"cannot read the rules folder: {e.strerror}", source=rules_dir.name)
        )
        return result
    paths = {p.name: p for p in on_disk} | {name: rules_dir / name for name in edited}
    for path in (paths[name] for name in sorted(paths)):
        result.files.append(path.name)
        try:
            text = edited[path.name] if path.name in edited else path.read_text(encoding="utf-8")
            parsed = parse_rules(text, path.name)
        except (OSError, UnicodeDecodeError) as e:
            result.problems.append(LanguageError(f"cannot read the file: {e}", source=path.name))
            continue
        except LanguageError as e:  # a syntax error: the file's rules after it cannot be read
            result.problems.append(e.located(text, path.name))
            continue
        for rule in parsed:  # checked one by one, so every mistake of every rule is reported
            checked, problems = rule_problems(rule, ctx)
            if checked is None:
                result.problems.extend(problems)
                continue
            first = seen.get(checked.name.lower())
            if first is not None:
                result.problems.append(
                    LanguageError(
                        f"a rule named {checked.name!r} already exists ({first.file}:{first.line}); rule names are "
                        "unique in the workspace",
                        checked.line,
                        checked.column,
                        text=text,
                        source=path.name,
                    )
                )
                continue
            seen[checked.name.lower()] = checked
            result.rules.append(checked)
    return result
