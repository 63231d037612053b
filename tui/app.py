"""The Newsdesk app: numbered screens over one open `Library`, built by `make_app`."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen
from textual.widgets import Input

from core.library import Library
from tui.messages import CoreFailed, OpenArticle, ResultsGrew, ShowScreen
from tui.screens import SCREENS, ScreenSpec

HOME = "search"
# Once the first screen is up, what exists (modules, CSS, the home screen's widgets) lives as long
# as the app: frozen out of the cyclic collector, whose full passes over it took 30-50 ms in the
# middle of typing on a 100k library.
FREEZE_HEAP_AFTER_S = 1.0


def _newsdesk_commands() -> type[Provider]:
    """The palette's provider, imported when the palette first opens."""
    from tui.palette import NewsdeskCommands

    return NewsdeskCommands


class _TypedAhead(events.Key):
    """A key passed on to the text box that took focus after it was typed (never twice)."""


_TypedAhead.handler_name = events.Key.handler_name  # handled as the key it stands for


class NewsdeskApp(App[None]):
    """Screens are modes named in `tui.screens.SCREENS`; `escape`/`q` go back, `q` at home quits."""

    CSS_PATH = "app.tcss"
    # Start in the home mode itself: no blank default screen drawn first and no mode switch
    # (each costs a full CSS reparse before the first frame).
    DEFAULT_MODE = HOME
    COMMANDS = App.COMMANDS | {_newsdesk_commands}
    TITLE = "Newsdesk"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
        *(Binding(spec.key, f"show('{spec.name}')", f"{spec.title} screen", show=False)
          for spec in SCREENS),
        Binding("escape", "go_back", "Back", show=False),
        Binding("q", "back_or_quit", "Back/Quit"),
    ]

    def __init__(
        self, library: Library, *, owns_library: bool = False, gc_paused: bool = False
    ) -> None:
        """`gc_paused`: the caller turned the cyclic collector off for start-up (the CLI does);
        the app turns it back on once it has frozen its start-up heap."""
        super().__init__()
        self.library = library
        self._owns_library = owns_library
        self._gc_paused = gc_paused
        self.specs: dict[str, ScreenSpec] = {}
        self._history: list[str] = []
        for spec in SCREENS:
            self.specs[spec.name] = spec
            self.add_mode(spec.name, partial(spec.load(), library))

    def on_mount(self) -> None:
        for warning in self.library.store.warnings:  # read-only, network filesystem
            self.notify(warning, title="Library", severity="warning", timeout=12, markup=False)
        self.set_timer(FREEZE_HEAP_AFTER_S, self._freeze_heap)

    def _freeze_heap(self) -> None:
        """Collect once (start-up garbage would stay for good if frozen), then freeze. Cycles
        alive now and dropped later stay too: a fixed few widgets (footer keys)."""
        gc.collect()
        gc.freeze()
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        gc.unfreeze()  # what was frozen is collectable again (an app run inside a longer process)
        if self._owns_library:
            self.library.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show":
            return parameters[0] in self.specs
        return True

    def on_key(self, event: events.Key) -> None:
        """Keys typed ahead of a focus change go where focus went.

        Textual queues each key for the widget focused when it arrives, so in a burst such as
        `/quantum` typed on the results list (a paste, a fast typist over SSH) the letters are
        queued for the list before `/` moves focus to the search box. Unhandled, they bubble
        here and were taken as bindings of the box's screen: the `q` quit the app and the
        other letters were lost. A text box handles every printable key itself, so a printable
        key reaching the app while one has focus was meant for it: it is passed on, in order.
        """
        focused = self.focused
        if event.is_printable and isinstance(focused, Input) and not isinstance(event, _TypedAhead):
            event.stop()
            event.prevent_default()  # not App._on_key too: Textual calls it after this one
            focused.post_message(_TypedAhead(event.key, event.character))

    # -- navigation ------------------------------------------------------------------------------

    def action_show(self, name: str) -> None:
        """Switch to a numbered screen; home clears the way back."""
        if name not in self.specs or name == self.current_mode:
            return
        if name == HOME:
            self._history.clear()
        else:
            self._history = [mode for mode in self._history if mode != name]
            self._history.append(self.current_mode)
        self.switch_mode(name)

    def go_back(self) -> bool:
        """Close a dialog, else return to the previous screen; False when already home."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
            return True
        while self._history:
            previous = self._history.pop()
            if previous != self.current_mode:
                self.switch_mode(previous)
                return True
        if self.current_mode != HOME:
            self.switch_mode(HOME)
            return True
        return False

    def action_go_back(self) -> None:
        self.go_back()

    def action_back_or_quit(self) -> None:
        if not self.go_back():
            self.exit()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, binding_rows

        if isinstance(self.screen, HelpScreen):
            return
        spec = self.specs.get(self.current_mode)
        self.push_screen(HelpScreen(spec.title if spec else "Newsdesk", binding_rows(self.screen)))

    # -- cross-screen messages -------------------------------------------------------------------

    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        if "reader" not in self.specs:
            return
        self.action_show("reader")
        reader = self.screen
        reader.show_article(  # type: ignore[attr-defined]
            message.article_id, message.query, message.terms, message.sequence
        )

    @on(ResultsGrew)
    def _results_grew(self, message: ResultsGrew) -> None:
        recount = getattr(self.screen, "recount_sequence", None)  # the reader, if it is up
        if recount is not None:
            recount()

    @on(ShowScreen)
    def _show_screen(self, message: ShowScreen) -> None:
        self.action_show(message.name)

    @on(CoreFailed)
    def _core_failed(self, message: CoreFailed) -> None:
        self.notify(message.message, title=message.title, severity="error", markup=False)

    # -- command palette -------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Screen switching, then every described key of the current screen, then Textual's."""
        from tui.screens.help import palette_bindings

        for spec in self.specs.values():
            yield SystemCommand(
                f"Go to {spec.title}", f"Switch screen (key {spec.key})",
                partial(self.action_show, spec.name),
            )
        for shown, binding, node in palette_bindings(screen):
            if binding.action.startswith("show("):
                continue
            yield SystemCommand(
                binding.description, f"key {shown}", partial(self.run_action, binding.action, node)
            )
        yield from super().get_system_commands(screen)


def make_app(
    db_path: Path | None = None, *, library: Library | None = None, gc_paused: bool = False
) -> NewsdeskApp:
    """The app on `library`, or on the library at `db_path` (NEWSDESK_DB / default when None).

    Raises `LibraryError` when the library cannot be opened, before any screen is drawn.
    """
    if library is not None:
        return NewsdeskApp(library, gc_paused=gc_paused)
    return NewsdeskApp(Library.open(db_path), owns_library=True, gc_paused=gc_paused)
