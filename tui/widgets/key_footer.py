"""The footer of every screen: Textual's `Footer`, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer rebuilds all its key widgets on every bindings signal: mount, each
    focus change, each `refresh_bindings`. Three of them came before the first frame (15-20 ms
    each on the 2-core machine), and one more on every `/` or `tab`, mostly for the same keys.
    This one rebuilds only when what it would show differs from what it shows.

    Every signal still schedules its own check: Textual drops an after-refresh callback parked
    on a dialog that closes before it runs, so skipping signals while one is pending could leave
    the footer stale for good."""

    _shown: Hashable = None  # what the last compose showed (None: nothing composed yet)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        if self.is_attached and self._keys_shown() != self._shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        yield from super().compose()

    def _keys_shown(self) -> Hashable:
        """Everything `Footer.compose` reads: the shown bindings with their state, the palette
        key, and the two settings that change the layout."""
        if not self._bindings_ready:
            return None
        palette_key = self.app.COMMAND_PALETTE_BINDING
        shown = tuple(
            (binding, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette_key
        )
        return shown, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE, self.compact
