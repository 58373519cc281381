"""The schema of statustui.toml: an unknown key in any table is a named error with a did-you-mean, every
value is bounded so that a file that loads never breaks a command later, and the keys other parts of the
program read ([keys], [rules], [import.status_map], [team], week_start) load, default and survive the
status writers."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statustui.config import (
    MAX_DURATION_SECONDS,
    ConfigError,
    RulesConfig,
    UnknownKeyError,
    WorkspaceConfig,
    load_config,
    parse_config,
)
from statustui.resources import preset_dir
from statustui.workspace import init_workspace
from tests.cli_runner import make_runner

VALID = (preset_dir("leadklozer") / "statustui.toml").read_text()
EXTRA = """
[keys]
"contacts.set_status" = "s"
"app.quit" = "ctrl+q"

[rules]
schedule_every = "1h"
max_changes = 500

[import.status_map]
"Hot Lead" = "HOT"
qualified = "warm"

[team]
members = ["Ada", "Grace"]
"""


def _load(tmp_path: Path, text: str) -> WorkspaceConfig:
    path = tmp_path / "statustui.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, text)
    message = str(err.value)
    assert str(tmp_path / "statustui.toml") in message  # every error names the file
    return message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace('timezone = "UTC"', 'timezon = "Europe/Berlin"'),
            "unknown key 'timezon' in [workspace] - did you mean timezone?",
        ),
        (
            lambda t: t.replace('recent_within = "90d"', 'recent_witin = "90d"'),
            "unknown key 'recent_witin' in [score] - did you mean recent_within?",
        ),
        (
            lambda t: t.replace("stages = [", "stage = ["),
            "unknown key 'stage' in [vocabulary] - did you mean stages?",
        ),
        (
            lambda t: t.replace('follow_up = "3d"', 'folow_up = "3d"'),
            "unknown key 'folow_up' in [[statuses]] (HOT) - did you mean follow_up?",
        ),
        (lambda t: t.replace("[score]", "[scor]"), "unknown section [scor] - did you mean score?"),
        (
            lambda t: t + EXTRA.replace("max_changes", "max_change"),
            "unknown key 'max_change' in [rules] - did you mean max_changes?",
        ),
        (
            lambda t: t + EXTRA.replace("[import.status_map]", "[import.statusmap]"),
            "unknown key 'statusmap' in [import] - did you mean status_map?",
        ),
        (
            lambda t: t + EXTRA.replace("members =", "member ="),
            "unknown key 'member' in [team] - did you mean members?",
        ),
        (
            lambda t: t.replace("reply = 5", "replly = 5"),
            "score.kind_points.replly: no such kind - did you mean reply?",
        ),
        (
            lambda t: t.replace("phone = 2", "phnoe = 2"),
            "score.channel_points.phnoe: no such channel - did you mean phone?",
        ),
        (
            lambda t: t + EXTRA.replace('qualified = "warm"', 'qualified = "WRAM"'),
            "import.status_map.qualified: no status 'WRAM' - did you mean WARM?",
        ),
        (
            lambda t: t.replace("top_percent = 10", 'top_percent = 10\nweek_start = "mondy"'),
            "workspace.week_start: 'mondy' is not a weekday - did you mean monday?",
        ),
    ],
    ids=[
        "workspace",
        "score",
        "vocabulary",
        "status",
        "section",
        "rules",
        "import",
        "team",
        "kind points",
        "channel points",
        "status map",
        "week start",
    ],
)
def test_a_typo_anywhere_is_named_with_a_did_you_mean(tmp_path: Path, change: Any, message: str) -> None:
    assert message in _error(tmp_path, change(VALID))


def test_the_unknown_key_error_reads_as_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "statustui.toml"
    path.write_text(VALID.replace("timezone =", "timezon ="), encoding="utf-8")
    with pytest.raises(UnknownKeyError) as err:
        load_config(path)
    assert str(err.value) == f"{path}: unknown key 'timezon' in [workspace] - did you mean timezone?"
    assert err.value.key == "workspace.timezon"


@pytest.mark.parametrize(
    ("change", "key", "says"),
    [
        (
            lambda t: t.replace("top_percent = 10", "top_percent = " + "9" * 400),
            "workspace.top_percent",
            "1 to 100",
        ),
        (
            lambda t: t.replace("reply = 5", "reply = " + "9" * 400),
            "score.kind_points.reply",
            "-10,000 to 10,000",
        ),
        (
            lambda t: t.replace("top_percent = 10", "top_percent = 10\ndatabase = 5"),
            "workspace.database",
            "string",
        ),
        (
            lambda t: t.replace("top_percent = 10", "top_percent = 10\ndatabase = [[[[1]]]]"),
            "workspace.database",
            "string",
        ),
        (
            lambda t: t.replace("stages = [", "stages = [[[[[[[[", 1).replace(
                "]\n\n[score]", "]]]]]]]]\n\n[score]"
            ),
            "vocabulary.stages",
            "list of at most",
        ),
        (
            lambda t: t.replace('follow_up = "3d"', 'follow_up = "99999999999999999999999d"'),
            "statuses[3] (HOT).follow_up",
            "100 years",
        ),
        (
            lambda t: t.replace('follow_up = "3d"', 'follow_up = "' + "9" * 400 + 'd"'),
            "statuses[3] (HOT).follow_up",
            "too long a duration",
        ),
        (
            lambda t: t.replace('recent_within = "90d"', 'recent_within = "200y"'),
            "score.recent_within",
            "100 years",
        ),
        (lambda t: t + EXTRA.replace('"1h"', '"10s"'), "rules.schedule_every", "is not a duration"),
        (lambda t: t + EXTRA.replace('"1h"', '"0m"'), "rules.schedule_every", "from 1 minute"),
        (lambda t: t + EXTRA.replace("500", "0"), "rules.max_changes", "1 to 10,000,000"),
        (lambda t: t + EXTRA.replace("500", "true"), "rules.max_changes", "whole number"),
        (lambda t: t + EXTRA.replace('"Ada"', "1"), "team.members", "list of"),
        (lambda t: t + EXTRA.replace('"s"', "5"), "keys.contacts.set_status", "string"),
        (lambda t: t + EXTRA.replace('"app.quit"', '"App Quit"'), "keys.App Quit", "binding id"),
    ],
    ids=[
        "400 digits",
        "400-digit points",
        "number database",
        "array database",
        "deep array",
        "huge follow-up",
        "400-digit follow-up",
        "200 years",
        "seconds",
        "zero schedule",
        "no changes",
        "bool count",
        "number member",
        "number key",
        "binding id",
    ],
)
def test_values_out_of_range_are_named_errors(tmp_path: Path, change: Any, key: str, says: str) -> None:
    message = _error(tmp_path, change(VALID))
    assert f": {key}: " in message and says in message
    assert len(message) < 400  # a 400-digit value is quoted short


def test_a_file_nested_too_deep_for_the_toml_reader_is_a_named_error(tmp_path: Path) -> None:
    message = _error(tmp_path, VALID + "\ndeep = " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "too deeply" in message


def test_the_new_keys_have_defaults_and_load() -> None:
    config = parse_config(tomllib.loads(VALID))
    assert (config.keys, config.rules, config.status_map, config.members) == ({}, RulesConfig(), {}, ())
    assert (config.rules.schedule_every_seconds, config.rules.max_changes) == (15 * 60, 10_000)
    assert (config.week_start, config.week_start_index) == ("monday", 0)
    config = parse_config(
        tomllib.loads(VALID.replace("top_percent", 'week_start = "Sunday"\ntop_percent') + EXTRA)
    )
    assert config.keys == {"contacts.set_status": "s", "app.quit": "ctrl+q"}
    assert (config.rules.schedule_every_seconds, config.rules.max_changes) == (3600, 500)
    assert config.status_map == {"Hot Lead": "HOT", "qualified": "WARM"}  # names as statuses spell them
    assert config.members == ("Ada", "Grace")
    assert (config.week_start, config.week_start_index) == ("sunday", 6)


def test_the_status_writers_keep_the_new_sections_and_carry_the_status_map(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = init_workspace(tmp_path / "ws")
    config_path = ws / "statustui.toml"
    config_path.write_text(config_path.read_text() + EXTRA, encoding="utf-8")
    run = make_runner(capsys, ws, db_url)
    assert run("status", "add", "Lukewarm", "--follow-up", "5d").code == 0
    assert run("status", "rename", "HOT", "Burning").code == 0
    assert run("status", "merge", "WARM", "Lukewarm").code == 0
    config = load_config(config_path)
    assert config.status_map == {"Hot Lead": "Burning", "qualified": "Lukewarm"}
    assert config.keys == {"contacts.set_status": "s", "app.quit": "ctrl+q"}
    assert (config.rules.schedule_every, config.rules.max_changes, config.members) == (
        "1h",
        500,
        ("Ada", "Grace"),
    )
    result = run("status", "delete", "Lukewarm")
    assert result.code == 2 and "maps 'qualified' to 'Lukewarm'; change that first" in result.err
    assert load_config(config_path).status("Lukewarm") is not None
    result = run("status", "add", "Slow", "--follow-up", "99999999999999999999999d")
    assert result.code == 2 and "--follow-up" in result.err and "100 years" in result.err
    assert load_config(config_path).status("Slow") is None
    result = run("search", "overdue", "--count")
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    "command", [(), ("search", "", "--count"), ("status", "list")], ids=["app", "search", "status"]
)
def test_a_typo_stops_the_command_line_and_the_app_with_exit_2(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    ws = init_workspace(tmp_path / "ws")
    config_path = ws / "statustui.toml"
    config_path.write_text(config_path.read_text().replace("timezone =", "timezon ="), encoding="utf-8")
    result = make_runner(capsys, ws, db_url)(*command)
    assert result.code == 2
    assert f"{config_path}: unknown key 'timezon' in [workspace] - did you mean timezone?" in result.err


_TOML_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(["15m", "9" * 30 + "d", "Europe/Berlin", "sunday", "HOT", "#ff0000", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_PLACES = [
    ("workspace", "timezone"),
    ("workspace", "top_percent"),
    ("workspace", "database"),
    ("workspace", "week_start"),
    ("workspace", "preset"),
    ("vocabulary", "kinds"),
    ("score", "recent_within"),
    ("score", "kind_points"),
    ("score", "status_points"),
    ("rules", "schedule_every"),
    ("rules", "max_changes"),
    ("import", "status_map"),
    ("team", "members"),
    ("keys", "app.quit"),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(_PLACES), value=_TOML_VALUES)
def test_any_value_at_any_key_loads_usably_or_is_a_config_error(
    tmp_path: Path, place: tuple[str, str], value: Any
) -> None:
    data = tomllib.loads(VALID)
    section, key = place
    data.setdefault(section, {})[key] = value
    try:
        config = parse_config(data)
    except ConfigError:
        return
    # Loaded: everything the program derives from it works, and it round-trips through the writer.
    assert config.tz and 0 <= config.week_start_index <= 6
    assert all(0 <= (s.follow_up_seconds or 0) <= MAX_DURATION_SECONDS for s in config.statuses)
    assert 60 <= config.rules.schedule_every_seconds <= MAX_DURATION_SECONDS
    assert parse_config(tomllib.loads(tomli_w.dumps(config.to_toml()))) == config
