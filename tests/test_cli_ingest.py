"""The CLI's JSON shapes, exit codes and error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from nextround.cli import EXIT_OK, EXIT_PARTIAL, app

from samples import email_message, fifo, random_base64, raw_email, write, write_email

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def make_inputs(root: Path) -> Path:
    write_email(root / "r.eml", email_message())
    write(root / "n.txt", "Company: Acme\n\nMore unit tests next time.")
    return root


def test_ingest_json_shape_and_exit_0(tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(make_inputs(tmp_path / "in")), "--json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert set(data) == {
        "added",
        "unchanged",
        "total",
        "added_ids",
        "removed_ids",
        "duplicates",
        "skipped",
        "set_aside",
        "warnings",
        "notes",
        "mail",
    }
    assert (data["added"], data["total"], data["duplicates"], data["skipped"]) == (2, 2, [], [])
    assert data["mail"] == []  # no mail folder was read
    assert data["set_aside"] == []


def test_ingest_with_skipped_input_exits_3_and_lists_it(tmp_path: Path) -> None:
    root = make_inputs(tmp_path / "in")
    write(root / "deck.pptx", b"PK\x03\x04")
    code, out, _ = run("ingest", str(root), "--json")
    assert code == EXIT_PARTIAL
    data = json.loads(out)
    assert data["added"] == 2
    assert data["skipped"] == [
        {
            "source": "deck.pptx",
            "reason": "unsupported file type '.pptx' (supported: .txt .md .eml .mbox .msg .csv "
            ".tsv .jsonl .json .docx .pdf .html .htm)",
        }
    ]


def test_ingest_human_output(tmp_path: Path) -> None:
    code, out, err = run("ingest", str(make_inputs(tmp_path / "in")), "--profile", "jo")
    assert code == 0
    assert out.strip() == (
        "Added 2, unchanged 0, duplicates 0, skipped 0. Profile 'jo' now holds 2 records."
    )
    assert err == ""


def test_ingest_map_option_and_bad_map(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "Org,Scribbles\nAcme,Needs deeper SQL.\n")
    code, out, _ = run(
        "ingest", str(path), "--map", "text=Scribbles", "--map", "company=Org", "--json"
    )
    assert code == 0 and json.loads(out)["added"] == 1
    code, _, err = run("ingest", str(path), "--map", "textScribbles")
    assert code == 2
    assert "expected FIELD=COLUMN, got 'textScribbles'" in err


def test_list_json_shape_and_redact(tmp_path: Path) -> None:
    run("ingest", str(make_inputs(tmp_path / "in")))
    code, out, _ = run("list", "--json")
    assert code == 0
    records = json.loads(out)["records"]
    assert [r["source"] for r in records] == ["n.txt", "r.eml"]
    assert set(records[0]) == {
        "id",
        "source",
        "company",
        "role",
        "stage",
        "date",
        "kind",
        "interviewer",
        "language",
        "injection_suspected",
        "text",
    }
    email = records[1]
    assert (email["company"], email["stage"], email["date"], email["interviewer"]) == (
        "Northwind Labs",
        "onsite",
        "2026-03-04",
        "Dana Whitfield",
    )
    assert "Dana Whitfield" in email["text"]
    code, out, _ = run("list", "--json", "--redact")
    redacted = json.loads(out)["records"][1]
    assert "Dana" not in redacted["text"] and "555-0134" not in redacted["text"]
    assert redacted["interviewer"] == ""


def test_search_json_and_filters(tmp_path: Path) -> None:
    run("ingest", str(make_inputs(tmp_path / "in")))
    code, out, _ = run("search", "system design trade-offs", "-k", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "system design trade-offs"
    [hit] = data["results"]
    assert hit["source"] == "r.eml" and 0 < hit["score"] <= 1
    code, out, _ = run("search", "tests", "--company", "Acme", "--json")
    assert [h["source"] for h in json.loads(out)["results"]] == ["n.txt"]
    code, _, err = run("search", "x", "--since", "March")
    assert code == 2 and "expected a date like 2026-03-14, got 'March'" in err
    code, _, err = run("search", "x", "--stage", "lunch")
    assert code == 2 and "unknown stage 'lunch'" in err


def test_show_and_forget(tmp_path: Path) -> None:
    run("ingest", str(make_inputs(tmp_path / "in")))
    records = json.loads(run("list", "--json")[1])["records"]
    rid = records[0]["id"]
    code, out, _ = run("show", rid, "--json")
    assert code == 0 and json.loads(out)["clean_text"] == "More unit tests next time."
    code, out, _ = run("show", rid)
    assert code == 0 and out.splitlines()[0].startswith(rid)
    code, _, err = run("show", "ffffffffffff")
    assert code == 1
    assert err.strip() == (
        "Error: no record 'ffffffffffff' in profile 'default' (see `nextround list` for the ids)"
    )
    code, out, _ = run("forget", rid, "--json")
    assert code == 0 and json.loads(out) == {"deleted": [rid]}
    code, out, _ = run("forget", "--source", "r.eml")
    assert code == 0 and out.strip() == "Deleted 1 record."
    assert json.loads(run("list", "--json")[1]) == {"records": []}
    code, _, err = run("forget")
    assert code == 2 and "give record ids or --source PATH" in err


def test_bad_profile_and_bad_server_are_clear_errors(tmp_path: Path) -> None:
    code, _, err = run("list", "--profile", "Bad Name!")
    assert code == 1
    assert err.strip() == (
        "Error: invalid profile name 'Bad Name!': use 1-63 lower-case letters, digits, '-' or "
        "'_', starting and ending with a letter or digit"
    )
    code, _, err = run("list", "--chroma-url", "http://127.0.0.1:9")
    assert code == 1
    assert err.startswith("Error: cannot reach the Chroma server at http://127.0.0.1:9 (")
    assert "Is `chroma run --path DIR --port N` running?" in err


def test_config_file_option(tmp_path: Path) -> None:
    config = write(tmp_path / "c.toml", 'profile = "fromfile"\n')
    run("ingest", str(make_inputs(tmp_path / "in")), "--config", str(config))
    code, out, _ = run("stats", "--config", str(config), "--json")
    assert json.loads(out)["profile"] == "fromfile" and json.loads(out)["records"] == 2
    code, _, err = run("stats", "--config", str(tmp_path / "nope.toml"))
    assert code == 1 and err.strip() == f"Error: config file not found: {tmp_path / 'nope.toml'}"


def test_every_command_has_help() -> None:
    for command in ("ingest", "list", "search", "show", "forget", "stats"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage:" in result.stdout


def test_python_dash_m_help_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "nextround", "--help"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0
    for command in ("ingest", "list", "search", "show", "forget", "stats"):
        assert command in proc.stdout


def test_a_folder_copied_from_a_mac_or_windows_ingests_cleanly(tmp_path: Path) -> None:
    root = make_inputs(tmp_path / "in")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")
    code, out, _ = run("ingest", str(root), "--json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert (data["added"], data["skipped"]) == (2, [])


def test_ingest_names_hidden_files_and_fifos_and_exits_3(tmp_path: Path) -> None:
    root = make_inputs(tmp_path / "in")
    write(root / "..txt", "Hidden note.")
    pipe = fifo(root / "pipe.txt")
    code, out, _ = run("ingest", str(root), "--json")
    assert code == EXIT_PARTIAL
    data = json.loads(out)
    assert data["added"] == 2
    assert data["skipped"] == [
        {"source": "..txt", "reason": "hidden file (its name starts with '.'); not read"},
        {"source": "pipe.txt", "reason": "not a regular file (FIFO); not read"},
    ]
    code, out, _ = run("ingest", str(pipe), "--json")
    assert code == EXIT_PARTIAL
    assert json.loads(out)["skipped"] == [
        {"source": str(pipe), "reason": "not a regular file (FIFO); not read"}
    ]


def test_ingest_keeps_the_good_lines_of_a_jsonl_with_a_deep_line(tmp_path: Path) -> None:
    lines = [
        '{"company": "Acme", "feedback": "More depth on caching."}',
        "[" * 100_000,
        '{"company": "Beta", "feedback": "Clearer trade-offs next time."}',
    ]
    path = write(tmp_path / "rows.jsonl", "\n".join(lines) + "\n")
    code, out, err = run("ingest", str(path), "--json")
    assert (code, err) == (EXIT_PARTIAL, "")
    data = json.loads(out)
    assert (data["added"], data["total"]) == (2, 2)
    assert data["skipped"] == [
        {"source": "rows.jsonl#2", "reason": "line 2: JSON nested too deeply to read"}
    ]


def test_ingest_of_a_binary_email_part_and_a_long_note(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "noise.eml", raw_email(random_base64(200_000), cte="base64"))
    write(root / "long.txt", "Company: Acme\n\n" + "More unit tests, please.\n" * 4000)
    code, out, _ = run("ingest", str(root), "--json")
    assert code == EXIT_PARTIAL
    data = json.loads(out)
    assert data["added"] == 1
    assert data["skipped"] == [
        {
            "source": "noise.eml",
            "reason": "email has no readable text: its text/plain part decoded to binary "
            "data, not text",
        }
    ]
    assert data["warnings"] == [
        {
            "source": "long.txt",
            "reason": "text is 100,015 characters long; only the first 50,000 were read (the "
            "rest is not stored or searched)",
        }
    ]
