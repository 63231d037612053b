"""Fixtures for the app: a small library of articles (ugly ones included) and a worker waiter."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from core.library import Library
from core.models import ParsedArticle
from core.store.articles import upsert_article

UGLY_TITLE = "[/] [@click=app.quit]x[/] [link=http://x]y[/link] \x1b[31mred"
UGLY_BODY = (
    "Markup trap [bold]not bold[/bold] and [@click=app.quit]click me[/] in the text.\n\n"
    "A link [link=http://evil.example]here[/link] and an escape \x1b]8;;http://x\x07osc\x1b]8;;\x07 "
    "and a bell \x07 sit beside the word zebrafish.\n\n"
    "Closing [/] bracket [$accent]variable[/] too."
)

ARTICLES = [
    ParsedArticle(
        source="/articles/2plus2.txt", format="txt",
        title="Canada and Japan hold 2+2 talks on counter-terrorism",
        outlet="Japan Today", byline="Mari Yamaguchi", published="2016-05-12",
        date_precision="day", dateline="TOKYO",
        body=(
            "TOKYO — Foreign and defence ministers of Canada and Japan met in Tokyo for talks on "
            "counter-terrorism cooperation.\n\n"
            "The ministers discussed North Korea and the South China Sea ahead of the G7 "
            "Ise-Shima summit.\n\n"
            "Officials said counter-terrorism information would be shared more often."
        ),
    ),
    ParsedArticle(
        source="/articles/joly.md", format="md",
        title="Joly and Hayashi agree to start talks on intelligence sharing",
        outlet="Global Affairs Wire", byline="Staff", published="2022-10-12",
        date_precision="day", dateline="TOKYO",
        body=(
            "Foreign ministers Melanie Joly and Yoshimasa Hayashi agreed to begin negotiations on "
            "an intelligence-sharing agreement.\n\n"
            "They also discussed LNG supplies and small modular reactors."
        ),
    ),
    ParsedArticle(
        source="/articles/ugly.html", format="html", title=UGLY_TITLE,
        outlet="[b]Outlet[/b]", byline="By [i]Nobody[/i]", published="2019-01-01",
        date_precision="day", body=UGLY_BODY,
    ),
]


def make_library(path: Path, articles: list[ParsedArticle] | None = None) -> Library:
    lib = Library(path)
    with lib.store.write() as conn:
        for parsed in ARTICLES if articles is None else articles:
            upsert_article(conn, parsed)
    return lib


@pytest.fixture
def news_lib(tmp_path: Path) -> Iterator[Library]:
    lib = make_library(tmp_path / "news.db")
    yield lib
    lib.close()


async def settle(pilot: Pilot) -> None:
    """Let debounce timers, thread workers and the messages they post all finish."""
    for _ in range(20):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            break
    await pilot.pause()


@pytest.fixture
def wait() -> Callable[[Pilot], Awaitable[None]]:
    return settle


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in this folder on a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True
