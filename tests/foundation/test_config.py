"""statustui.toml: presets load, and every kind of mistake names its key and what is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from statustui.config import ConfigError, load_config
from statustui.resources import preset_dir, preset_names

REQUIRED_CHANNELS = {"facebook", "facebook_ads", "instagram", "email", "phone", "sms", "website", "chat"}
REQUIRED_KINDS = {
    "comment",
    "like",
    "share",
    "message",
    "click",
    "open",
    "reply",
    "call",
    "visit",
    "form",
    "signup",
    "purchase",
    "meeting",
    "transaction",
    "stage",
}
REQUIRED_STAGES = {"free_trial", "demo_scheduled", "quote_requested"}

PRESET_STATUSES = {
    "leadklozer": {"NEW", "NEUTRAL", "WARM", "HOT", "COLD"},
    "salesmanago": {"PROSPECT", "PARTNER", "CLIENT", "OTHER"},
    "conversica": {
        "Hot Lead",
        "Lead to Review",
        "Further Action",
        "Satisfied",
        "Disqualified",
        "No Further Action",
        "Lead at Risk",
    },
    "kvcore": {"Sphere", "Prospect", "New Lead", "Active Lead", "Client", "Contract", "Closed", "Archive"},
    "benchmarkone": {
        "Lead",
        "Prospect",
        "Opportunity",
        "Customer",
        "Former Customer",
        "Partner",
        "Affiliate",
        "Not Interested",
    },
}
PRESET_DEFAULT = {
    "leadklozer": "NEUTRAL",
    "salesmanago": "PROSPECT",
    "kvcore": "New Lead",
    "benchmarkone": "Lead",
}


@pytest.mark.parametrize("preset", sorted(PRESET_STATUSES))
def test_each_preset_has_its_statuses_and_the_shared_vocabulary(preset: str) -> None:
    config = load_config(preset_dir(preset) / "statustui.toml")
    assert PRESET_STATUSES[preset] <= set(config.status_names)
    if preset in PRESET_DEFAULT:
        assert config.default_status.name == PRESET_DEFAULT[preset]
    assert REQUIRED_CHANNELS <= set(config.vocabulary.channels)
    assert REQUIRED_KINDS <= set(config.vocabulary.kinds)
    assert REQUIRED_STAGES <= set(config.vocabulary.stages)


def test_preset_details_match_the_systems_they_imitate() -> None:
    lk = load_config(preset_dir("leadklozer") / "statustui.toml")
    assert {s.name: s.color for s in lk.statuses if s.name in ("NEW", "NEUTRAL", "WARM", "HOT", "COLD")} == {
        "NEW": "blue",
        "NEUTRAL": "green",
        "WARM": "orange",
        "HOT": "red",
        "COLD": "grey",
    }
    assert lk.top_percent == 10
    kv = load_config(preset_dir("kvcore") / "statustui.toml")
    assert [s.name for s in kv.statuses if s.unsubscribes] == ["Archive"]
    b1 = load_config(preset_dir("benchmarkone") / "statustui.toml")
    assert all(s.follow_up for s in b1.statuses if s.name != "Not Interested")
    assert {s.type for s in b1.statuses} == {"open", "won", "lost"}
    assert set(preset_names()) == set(PRESET_STATUSES)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "statustui.toml"
    path.write_text(text)
    return path


VALID = (preset_dir("leadklozer") / "statustui.toml").read_text()


@pytest.mark.parametrize(
    ("change", "key", "hint"),
    [
        (lambda t: t.replace('color = "red"', 'color = "redd"'), "statuses[3] (HOT).color", "allowed: red"),
        (lambda t: t.replace('type = "lost"', 'type = "dead"', 1), ".type", "open, won, lost"),
        (lambda t: t.replace('timezone = "UTC"', 'timezone = "Mars/Olympus"'), "workspace.timezone", "IANA"),
        (lambda t: t.replace('follow_up = "2d"', 'follow_up = "soon"'), "statuses[0] (NEW).follow_up", "30m"),
        (lambda t: t.replace("top_percent = 10", "top_percent = 0"), "workspace.top_percent", "1 to 100"),
        (lambda t: t.replace("default = true", "default = false"), "statuses", "exactly one status"),
        (
            lambda t: t.replace('name = "HOT"', 'name = "HOT"\nhotness = 3'),
            "unknown key 'hotness' in [[statuses]] (HOT)",
            "allowed: assignable, color",
        ),
        (lambda t: t.replace("[vocabulary]", "[vocab]"), "vocab", "unknown section"),
        (
            lambda t: t.replace("[score.status_points]", '[score.status_points]\n"BOILING" = 5'),
            "score.status_points.boiling",
            "no such status",
        ),
        (lambda t: t + '\n[[statuses]]\nname = "hot"\n', "statuses", "same name"),
    ],
)
def test_a_bad_file_names_the_key_and_what_is_allowed(tmp_path: Path, change, key: str, hint: str) -> None:
    path = _write(tmp_path, change(VALID))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert key in str(err.value)
    assert hint in str(err.value)
    assert str(path) in str(err.value)


def test_malformed_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML.*line 1"):
        load_config(_write(tmp_path, "[workspace\n"))
    with pytest.raises(ConfigError, match="is empty"):
        load_config(_write(tmp_path, ""))
    (tmp_path / "statustui.toml").write_bytes(b"\xff\xfe[workspace]")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(tmp_path / "statustui.toml")


def test_saving_round_trips(tmp_path: Path) -> None:
    for preset in preset_names():
        config = load_config(preset_dir(preset) / "statustui.toml")
        config.save(tmp_path / "statustui.toml")
        assert load_config(tmp_path / "statustui.toml") == config
