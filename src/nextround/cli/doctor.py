"""``nextround doctor``: is the setup working, and does the language model answer."""

from __future__ import annotations

import typer

from nextround.cli.options import (
    ConfigOpt,
    HomeOpt,
    JsonOpt,
    LLMModelOpt,
    LLMOpt,
    load_settings,
    print_json,
)
from nextround.errors import EXIT_ERROR
from nextround.textnorm import printable


def doctor(
    home: HomeOpt = None,
    config: ConfigOpt = None,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Check the setup: embedding model, store, and whether the LLM answers (no secrets shown)."""
    from nextround.doctor import run_checks

    settings = load_settings(None, home, None, config, None, llm=llm, llm_model=llm_model)
    checks = run_checks(settings)
    if json_out:
        print_json({"checks": checks})
    else:
        for check in checks:
            mark = "ok " if check["ok"] else "FAIL"
            typer.echo(printable(f"[{mark}] {check['name']}: {check['detail']}"))
    if not all(c["ok"] for c in checks):
        raise typer.Exit(code=EXIT_ERROR)
