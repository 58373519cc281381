"""Phone numbers compare as international digits, with the workspace's country code for national numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from statustui.config import ConfigError, load_config
from statustui.contacts.duplicates import phone_key


@pytest.mark.parametrize(
    ("phone", "country", "key"),
    [
        ("+1 512 555 0123", "1", "15125550123"),
        ("(512) 555-0123", "1", "15125550123"),
        ("1-512-555-0123", "1", "15125550123"),
        ("+44 20 7946 0958", "1", "442079460958"),
        ("0044 20 7946 0958", "1", "442079460958"),
        ("020 7946 0958", "44", "442079460958"),
        ("ext. 12", "1", None),
        ("", "1", None),
    ],
)
def test_phone_key(phone: str, country: str, key: str | None) -> None:
    assert phone_key(phone, country) == key


def test_the_country_code_is_a_checked_workspace_setting(tmp_path: Path) -> None:
    from statustui.resources import preset_dir

    text = (preset_dir("leadklozer") / "statustui.toml").read_text()
    path = tmp_path / "statustui.toml"
    path.write_text(text.replace("[workspace]", "[workspace]\ncountry_code = '+44'", 1))
    assert load_config(path).country_code == "44"
    path.write_text(text.replace("[workspace]", "[workspace]\ncountry_code = 'UK'", 1))
    with pytest.raises(ConfigError, match="country_code.*not a calling code"):
        load_config(path)
