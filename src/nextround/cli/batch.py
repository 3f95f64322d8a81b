"""Many candidates: ``batch`` runs, and ``migrate`` to move a profile to a Chroma server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.options import (
    ChromaOpt,
    ConfigOpt,
    EmbeddingOpt,
    HomeOpt,
    JsonOpt,
    LLMModelOpt,
    LLMOpt,
    ProfileOpt,
    load_settings,
    open_workspace,
    print_json,
)
from nextround.errors import EXIT_OK, EXIT_PARTIAL


def batch(
    source: Annotated[
        Path, typer.Argument(help="A folder with one sub-folder per candidate, or a manifest.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Where reports and summaries go.")] = Path(
        "nextround-batch"
    ),
    replies: Annotated[bool, typer.Option("--replies", help="Also draft pending replies.")] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=32,
            help="Profiles processed at once (they share the model and LLM call limits).",
        ),
    ] = 1,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Analyse many candidates, resumably; write a report each and a cohort overview.

    Exit code 0 when everything finished cleanly, 3 when a profile failed or inputs
    were skipped (see summary.jsonl).
    """
    from nextround import render, shapes
    from nextround.batch import find_jobs, run_batch

    settings = load_settings(
        None, home, chroma_url, config, embedding, llm=llm, llm_model=llm_model
    )
    jobs = find_jobs(source)
    with render.batch_progress(enabled=not json_out) as progress:
        report = run_batch(settings, jobs, out, replies=replies, workers=workers, progress=progress)
    if json_out:
        print_json(shapes.batch_json(report))
    else:
        render.print_batch(report)
    raise typer.Exit(code=EXIT_OK if report.ok else EXIT_PARTIAL)


def migrate(
    to: Annotated[str, typer.Option("--to", help="The Chroma server, e.g. http://127.0.0.1:8000.")],
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Copy a profile from the embedded store to a Chroma server (safe to re-run)."""
    from nextround.settings import _check_url

    settings = load_settings(profile, home, None, config, embedding)
    copied = open_workspace(settings).migrate(_check_url(to))
    if json_out:
        print_json({"profile": settings.profile, "copied": copied, "to": to})
    else:
        typer.echo(f"Copied {copied} records of profile '{settings.profile}' to {to}.")
