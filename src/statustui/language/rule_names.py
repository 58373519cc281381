"""The rule names a query may name in `status changed by rule "NAME"`: the rule files' and the history's."""

from __future__ import annotations

from pathlib import Path

from statustui.language.errors import LanguageError
from statustui.language.parser import parse_rules
from statustui.store.models import StatusChange, database

RULE_SUFFIX = ".rules"


def rule_names(rules_dir: Path) -> list[str]:
    """The names of the rules in the workspace's files and of every rule the history records.

    Syntax only: a file that does not parse names none here (`statustui rules check` reports it). The history
    is read only when a query names a rule, so its scan (no index on the actor) costs nothing otherwise."""
    names: list[str] = []
    for path in sorted(rules_dir.glob(f"*{RULE_SUFFIX}")) if rules_dir.is_dir() else ():
        try:
            names += [rule.name for rule in parse_rules(path.read_text(encoding="utf-8"), path.name)]
        except (OSError, UnicodeDecodeError, LanguageError):
            continue
    recorded = (
        StatusChange.select(StatusChange.actor_name)
        .where((StatusChange.actor == "rule") & StatusChange.actor_name.is_null(False))
        .distinct()
    )
    known = {n.lower() for n in names}
    history: list[str] = [name for (name,) in database.execute(recorded)]
    return names + sorted({n for n in history if n.lower() not in known})
