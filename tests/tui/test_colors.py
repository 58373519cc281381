"""Status colors readable on every theme: a contrast ratio of at least 3:1 against the list's background."""

from __future__ import annotations

from helpers import app_test, settle
from textual.color import Color

from statustui.services import Service
from statustui.tui.app import StatusApp
from statustui.tui.contact_list import ContactList
from statustui.tui.text import DARK_COLORS, LIGHT_COLORS, color_of


def contrast(a: Color, b: Color) -> float:
    """WCAG's contrast ratio of two colors (1 to 21)."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_ratio_is_wcag_s() -> None:
    assert round(contrast(Color.parse("#000000"), Color.parse("#ffffff")), 1) == 21.0
    assert round(contrast(Color.parse("#777777"), Color.parse("#ffffff")), 2) == 4.48


@app_test
async def test_every_status_color_reads_at_3_to_1_on_every_dark_and_light_theme(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        checked = 0
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            background = app.query_one(ContactList).background_colors[1]
            if background.ansi is not None:  # the terminal's own colors: not ours to know
                continue
            for name in DARK_COLORS:
                ratio = contrast(Color.parse(color_of(name)), background)
                assert ratio >= 3, f"{name} ({color_of(name)}) on {theme} ({background.hex}): {ratio:.2f}"
                checked += 1
        assert checked >= 2 * len(DARK_COLORS)  # at least textual-dark and textual-light


@app_test
async def test_switching_to_a_light_theme_redraws_the_list_in_the_light_palette(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        contacts = app.query_one(ContactList)

        def status_color(status: str) -> str | None:
            for y in range(contacts.size.height):
                for segment in contacts.render_line(y):
                    if segment.text.strip() == status and segment.style and segment.style.color:
                        return segment.style.color.triplet.hex if segment.style.color.triplet else None
            return None

        color = service.config.status("HOT").color  # type: ignore[union-attr]
        assert status_color("HOT") == DARK_COLORS[color]
        app.theme = "textual-light"
        await settle(pilot)
        assert status_color("HOT") == LIGHT_COLORS[color]
        app.theme = "textual-dark"
        await settle(pilot)
        assert status_color("HOT") == DARK_COLORS[color]
