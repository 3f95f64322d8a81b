"""Offline language detection of feedback texts."""

from __future__ import annotations

import pytest

from nextround.ingest.language import SUPPORTED_LANGUAGES, detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thank you for your time. Unfortunately we have decided to move forward with "
            "other candidates whose experience more closely matches our needs.",
            "en",
        ),
        ("Strong coding skills, but the system design round was weak.", "en"),
        (
            "Gracias por tu tiempo. Lamentablemente hemos decidido seguir con otros "
            "candidatos para el puesto.",
            "es",
        ),
        ("Buena comunicación, pero le faltó profundidad en diseño de sistemas.", "es"),
        (
            "Vielen Dank für Ihre Bewerbung. Leider haben wir uns für einen anderen "
            "Kandidaten entschieden.",
            "de",
        ),
        ("Gute Kommunikation, aber beim Systemdesign fehlte die Tiefe.", "de"),
        (
            "Merci pour votre candidature. Malheureusement, nous avons décidé de ne pas "
            "donner suite.",
            "fr",
        ),
        ("Bonne communication mais manque de profondeur sur la conception du système.", "fr"),
        (
            "Obrigado pelo seu tempo. Infelizmente decidimos seguir com outros candidatos "
            "para a vaga.",
            "pt",
        ),
        ("Boa comunicação, mas faltou profundidade no desenho do sistema.", "pt"),
        (
            "Grazie per il tuo tempo. Purtroppo abbiamo deciso di procedere con altri candidati.",
            "it",
        ),
        ("Buona comunicazione ma poca profondità sulla progettazione del sistema.", "it"),
        (
            "Bedankt voor je sollicitatie. Helaas hebben we besloten verder te gaan met een "
            "andere kandidaat.",
            "nl",
        ),
        ("Goede communicatie, maar het systeemontwerp was niet sterk genoeg.", "nl"),
    ],
)
def test_detects_feedback_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Thanks!",
        "Hi Dana",
        "Kafka, Python, Rust",
        "Dana Whitfield Priya Raman",
        "12345 67890 2026-03-04 10:30",
    ],
)
def test_short_or_undecidable_text_is_unknown(text: str) -> None:
    assert detect_language(text) == "unknown"


def test_urls_and_emails_are_ignored() -> None:
    text = "Details: https://www.example.com/de/la/que/el/en/los/del dana@de.la.example"
    assert detect_language(text) == "unknown"


def test_mixed_text_gets_the_dominant_language() -> None:
    text = (
        "Hi Dana,\n"
        "leider haben wir uns für einen anderen Kandidaten entschieden. Wir wünschen Ihnen "
        "viel Erfolg.\nViele Grüße"
    )
    assert detect_language(text) == "de"


def test_short_email_with_names_and_accents() -> None:
    assert detect_language("Olá João, agradecemos o interesse na vaga.") == "pt"
    assert detect_language("Hola Sofía, te agradecemos el interés en el puesto.") == "es"


def test_detection_is_deterministic() -> None:
    text = "Merci pour l'entretien, nous vous souhaitons bonne chance."
    assert {detect_language(text) for _ in range(5)} == {"fr"}


def test_supported_languages() -> None:
    assert SUPPORTED_LANGUAGES == ("en", "es", "de", "fr", "pt", "it", "nl")
