"""Completion in the search bar mid-text: the word under the cursor is replaced whole, with no second space."""

from __future__ import annotations

from helpers import app_test, settle
from textual.widgets import Input

from statustui.services import Service
from statustui.tui.app import StatusApp


@app_test
async def test_tab_completes_the_word_under_the_cursor_in_the_middle(service: Service) -> None:
    app = StatusApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        bar = app.query_one("#query", Input)
        bar.value = "status = WA and tagged vip"
        bar.cursor_position = len("status = W")
        await pilot.press("A")  # the cursor is now after WA; the word WA goes on to the space
        await pilot.pause()
        assert app.query_one("#completions").get_option_at_index(0).id == "WARM"  # type: ignore[attr-defined]
        await pilot.press("tab")
        assert (bar.value, bar.cursor_position) == ("status = WARM and tagged vip", len("status = WARM"))
