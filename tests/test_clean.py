"""Cleaning keeps what the sender wrote and nothing else."""

from __future__ import annotations

from nextround.ingest.clean import clean_text, dedup_key


def test_quoted_reply_is_cut_and_kept_for_dedup() -> None:
    text = (
        "Thanks Dana, I appreciate the notes.\n\n"
        "On Tue, Mar 3, 2026 at 9:14 AM Dana Whitfield <dana@x.example>\nwrote:\n"
        "> Hi Jordan,\n> We wanted more depth on caching.\n"
    )
    cleaned = clean_text(text)
    assert cleaned.text == "Thanks Dana, I appreciate the notes."
    assert cleaned.quoted == ["Hi Jordan,\nWe wanted more depth on caching."]


def test_outlook_original_message_block() -> None:
    text = (
        "Happy to help.\n\n-----Original Message-----\nFrom: Jordan\nSent: Monday\n"
        "Subject: feedback?\n\nCould you share feedback?"
    )
    cleaned = clean_text(text)
    assert cleaned.text == "Happy to help."
    assert cleaned.quoted == ["Could you share feedback?"]


def test_forward_is_unwrapped() -> None:
    text = (
        "Saving this one.\n\n---------- Forwarded message ---------\n"
        "From: Dana Whitfield <dana@northwind.example>\nDate: Wed, Mar 4, 2026 at 10:12 AM\n"
        "Subject: Your application\nTo: Jordan <j@mailbox.example>\n\n"
        "Hi Jordan,\nThe design stayed high level.\n\nBest,\nDana\n"
    )
    cleaned = clean_text(text)
    assert cleaned.text == "Hi Jordan,\nThe design stayed high level."
    assert cleaned.note == "Saving this one."
    assert cleaned.forwarded is not None
    assert cleaned.forwarded.sender == "Dana Whitfield <dana@northwind.example>"
    assert cleaned.forwarded.date == "Wed, Mar 4, 2026 at 10:12 AM"
    assert cleaned.forwarded.subject == "Your application"


def test_signature_and_footer_removed() -> None:
    text = (
        "We felt testing was light.\n\nKind regards,\nPriya Raman\nEngineering Manager | Kestrel\n"
        "+44 20 7946 0321\n\nCONFIDENTIALITY NOTICE: This email and any attachments are "
        "confidential.\nIf you are not the intended recipient, delete it.\n"
    )
    assert clean_text(text).text == "We felt testing was light."


def test_dash_dash_signature() -> None:
    assert clean_text("Good luck!\n-- \nSent by Acme ATS").text == "Good luck!"


def test_sign_off_inside_body_is_not_a_signature() -> None:
    text = "Thanks,\nwe reviewed your take-home and found the tests thin.\n" + (
        "The structure was clear, but error handling was missing in several places, and the "
        "README did not explain how to run it.\n" * 2
    )
    assert clean_text(text).text.startswith("Thanks,\nwe reviewed")


def test_non_english_sign_offs_and_quotes() -> None:
    text = (
        "Hola Jordan,\nFaltó profundidad en el diseño.\n\nSaludos,\nMarta\n\n"
        "El lun, 2 mar 2026 a las 10:00, Jordan escribió:\n> gracias\n"
    )
    assert clean_text(text).text == "Hola Jordan,\nFaltó profundidad en el diseño."


def test_dedup_key_ignores_quote_markers_case_and_punctuation() -> None:
    assert dedup_key("> Hi Jordan,\n> The DESIGN stayed high-level.") == dedup_key(
        "Hi Jordan, the design stayed high level"
    )
