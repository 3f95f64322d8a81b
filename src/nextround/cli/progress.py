"""What's getting better: ``progress``."""

from __future__ import annotations

from typing import Annotated

import typer

from nextround.cli.options import (
    ChromaOpt,
    ConfigOpt,
    EmbeddingOpt,
    HomeOpt,
    JsonOpt,
    ProfileOpt,
    date_option,
    load_settings,
    open_workspace,
    print_json,
)


def progress(
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Compare before and since this date (YYYY-MM-DD); chosen from the dates "
            "when not given.",
        ),
    ] = None,
    wait_days: Annotated[
        int,
        typer.Option(
            "--wait-days", min=0, help="A feedback request unanswered this long is waiting."
        ),
    ] = 10,
    json_out: JsonOpt = False,
) -> None:
    """What's getting better: theme status over time, strengths, how far you get."""
    from nextround import render

    settings = load_settings(profile, home, chroma_url, config, embedding)
    ws = open_workspace(settings)
    result = ws.progress(since=date_option(since, "--since"), wait_days=wait_days)
    if json_out:
        print_json(result.as_json())
    else:
        render.print_progress(result)
