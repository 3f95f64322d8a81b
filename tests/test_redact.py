"""Redaction of people's names, emails, phone numbers and URLs in feedback text."""

from __future__ import annotations

import pytest

from nextround.privacy import Entity, Redaction, find_names, redact

REJECTION_EMAIL = (
    "Hi Dana,\n"
    "\n"
    "Thank you for interviewing with Northwind Labs. You spoke with Priya Raman and Tomás "
    "last week, and Priya was impressed by your Kafka experience. Unfortunately, we have "
    "decided not to move forward.\n"
    "\n"
    "Best,\n"
    "Dana Whitfield\n"
    "Senior Recruiter, Northwind Labs\n"
    "dana.whitfield@northwind.example | +1 (415) 555-0134\n"
)


def test_rejection_email_is_redacted_exactly() -> None:
    result = redact(REJECTION_EMAIL)
    assert result.text == (
        "Hi [PERSON_1],\n"
        "\n"
        "Thank you for interviewing with Northwind Labs. You spoke with [PERSON_2] and "
        "[PERSON_3] last week, and [PERSON_2] was impressed by your Kafka experience. "
        "Unfortunately, we have decided not to move forward.\n"
        "\n"
        "Best,\n"
        "[PERSON_1]\n"
        "Senior Recruiter, Northwind Labs\n"
        "[EMAIL_1] | [PHONE_1]\n"
    )
    assert [(e.kind, e.text, e.placeholder) for e in result.entities] == [
        ("PERSON", "Dana", "[PERSON_1]"),
        ("PERSON", "Priya Raman", "[PERSON_2]"),
        ("PERSON", "Tomás", "[PERSON_3]"),
        ("PERSON", "Priya", "[PERSON_2]"),
        ("PERSON", "Dana Whitfield", "[PERSON_1]"),
        ("EMAIL", "dana.whitfield@northwind.example", "[EMAIL_1]"),
        ("PHONE", "+1 (415) 555-0134", "[PHONE_1]"),
    ]


def test_entities_slice_back_to_the_input_in_order() -> None:
    result = redact(REJECTION_EMAIL)
    assert isinstance(result, Redaction)
    assert all(isinstance(e, Entity) for e in result.entities)
    assert all(REJECTION_EMAIL[e.start : e.end] == e.text for e in result.entities)
    starts = [e.start for e in result.entities]
    assert starts == sorted(starts)


def test_redaction_is_deterministic() -> None:
    assert redact(REJECTION_EMAIL) == redact(REJECTION_EMAIL)


def test_empty_text() -> None:
    assert redact("") == Redaction("", ())


# --------------------------------------------------------------------------- placeholders


def test_full_name_then_first_name_share_a_placeholder() -> None:
    text = "Dana Whitfield ran the loop. Later Dana sent notes, and Ms. Whitfield signed off."
    assert redact(text).text == (
        "[PERSON_1] ran the loop. Later [PERSON_1] sent notes, and Ms. [PERSON_1] signed off."
    )


def test_first_name_before_full_name_shares_a_placeholder() -> None:
    text = "Hi Dana,\nThanks again.\nBest,\nDana Whitfield"
    assert redact(text).text == "Hi [PERSON_1],\nThanks again.\nBest,\n[PERSON_1]"


def test_different_people_get_different_numbers() -> None:
    text = "Dana Whitfield and Dana Smith met with Priya. Dana Smith left."
    assert redact(text).text == "[PERSON_1] and [PERSON_2] met with [PERSON_3]. [PERSON_2] left."


def test_same_email_same_placeholder_regardless_of_case() -> None:
    text = "Write to dana@northwind.example or DANA@NORTHWIND.EXAMPLE, not priya@northwind.example."
    assert redact(text).text == "Write to [EMAIL_1] or [EMAIL_1], not [EMAIL_2]."


def test_possessive_stays_outside_the_placeholder() -> None:
    assert redact("Hey Oluwaseun,\nOluwaseun's answers were great.").text == (
        "Hey [PERSON_1],\n[PERSON_1]'s answers were great."
    )


# --------------------------------------------------------------------------- known names


def test_known_names_and_their_parts_are_redacted() -> None:
    text = "Whitfield joined late. DANA WHITFIELD approved. Dana agreed; dana in lowercase too."
    result = redact(text, known_names=["Whitfield, Dana <dana@northwind.example>"])
    assert result.text == (
        "[PERSON_1] joined late. [PERSON_1] approved. [PERSON_1] agreed; [PERSON_1] in lowercase "
        "too."
    )


def test_known_name_parts_that_are_common_words_are_not_redacted_alone() -> None:
    text = "Will Grant led the loop. Grant access first. Will you reply?"
    result = redact(text, known_names=["Will Grant"])
    assert result.text == "[PERSON_1] led the loop. Grant access first. Will you reply?"


def test_known_names_find_people_the_recognizer_does_not_know() -> None:
    text = "Notes: Okonkwo pushed on testing; Chukwudi Okonkwo's bar is high."
    result = redact(text, known_names=["Chukwudi Okonkwo"])
    assert result.text == "Notes: [PERSON_1] pushed on testing; [PERSON_1]'s bar is high."


def test_team_display_names_are_not_treated_as_people() -> None:
    text = "Northwind Labs Recruiting thanks you. Brightpath team."
    result = redact(text, known_names=["Northwind Labs Recruiting", "Brightpath"])
    assert result.text == text


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    "phone",
    [
        "+1 (415) 555-0134",
        "415-555-0188",
        "415.555.0188",
        "(415) 555 0188",
        "+44 20 7946 0321",
        "+49 30 1234567",
        "415-555-0188 ext. 12",
        "+1 415 555 0134 x12",
        "1-800-555-0199",
    ],
)
def test_phone_formats(phone: str) -> None:
    result = redact(f"Call me at {phone}, thanks.")
    assert result.text == "Call me at [PHONE_1], thanks."
    assert result.entities[0].text == phone


def test_same_number_in_different_formats_shares_a_placeholder() -> None:
    text = "Call 415-555-0188 or (415) 555-0188; fax +44 20 7946 0321."
    assert redact(text).text == "Call [PHONE_1] or [PHONE_1]; fax [PHONE_2]."


@pytest.mark.parametrize(
    "text",
    [
        "The onsite is on 2026-03-04 at 10:30.",
        "Founded in 2019, hiring since 2021.",
        "Requisition REQ-10234 is closed; ticket #4521 too.",
        "The offer range was $150,000-$170,000 (EUR 120.000).",
        "Score 1234567890 and 3.14159 in v1.2.3, ISO 27001, 2024–2026, 04/03/2026.",
        "Take-home scored 7/10; 45 minutes; 3 rounds.",
    ],
)
def test_numbers_that_are_not_phones_are_untouched(text: str) -> None:
    assert redact(text) == Redaction(text, ())


# --------------------------------------------------------------------------- URLs and emails


def test_urls() -> None:
    text = (
        "Apply at https://careers.acme.example/jobs/12?ref=mail, see www.acme.example "
        "or careers.acme.example/jobs/12. Node.js/React and CI/CD are fine."
    )
    assert redact(text).text == (
        "Apply at [URL_1], see [URL_2] or [URL_3]. Node.js/React and CI/CD are fine."
    )


def test_email_wins_over_the_person_inside_it() -> None:
    result = redact("Reply to Dana.Whitfield@northwind.example today.")
    assert result.text == "Reply to [EMAIL_1] today."
    assert [e.kind for e in result.entities] == ["EMAIL"]


def test_email_inside_url_is_part_of_the_url() -> None:
    result = redact("Unsubscribe: https://x.example/u?m=dana@x.example")
    assert result.text == "Unsubscribe: [URL_1]"


# --------------------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    "text",
    [
        "Will you be available next week? Will is a verb here.",
        "May we keep your resume on file? May 4 works.",
        "Grant access to the repo first.",
        "Mark this as done. Hope you're well. Joy to work with.",
        "Summer interns start in June. April showers. Rose through the ranks.",
        "Best of luck. Case study. Long story. Young team. Price range. Love the energy.",
        "We use Java, Ruby, Rust, Swift, Kafka, Python, Django and Kubernetes.",
        "Engineering Manager, Staff Engineer, Senior Principal Lead.",
        "Thank you for your interest in Northwind Labs and Brightpath.",
        "Brightpath Health, Acme Inc, Sierra Systems and Grace Health are partners.",
        "I am based in Austin, TX; our Paris office is hiring.",
        "Dear Hiring Manager,\nHi team,\nHello All,\nDear Candidate,",
        "Best regards,\nThe Northwind Labs Talent Team",
        "Thanks,\nHuman Resources",
        "- Communication: clear\n- Kafka: weak\nRecommendation: Lean No Hire",
        "Deadline: Jan 15. Thu, Mar 5, 2026.",
    ],
)
def test_common_words_tech_and_companies_are_untouched(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Will,\nThanks, Mark", "Hi [PERSON_1],\nThanks, [PERSON_2]"),
        ("Will Smith and May Chen joined.", "[PERSON_1] and [PERSON_2] joined."),
        ("Dear Ms. Hope,", "Dear Ms. [PERSON_1],"),
        ("I spoke with Grant yesterday.", "I spoke with [PERSON_1] yesterday."),
    ],
)
def test_ambiguous_names_in_strong_context(text: str, expected: str) -> None:
    assert redact(text).text == expected


# --------------------------------------------------------------------------- name shapes


def test_name_shapes() -> None:
    text = (
        "Thanks to Sarah O'Neill, Jean-Luc Picard, Mary Smith-Jones, Tomás Müller, "
        "Linh Nguyễn, Ana de la Cruz and Dana J. Whitfield."
    )
    result = redact(text)
    assert result.text == (
        "Thanks to [PERSON_1], [PERSON_2], [PERSON_3], [PERSON_4], [PERSON_5], [PERSON_6] "
        "and [PERSON_7]."
    )
    assert [e.text for e in result.entities] == [
        "Sarah O'Neill",
        "Jean-Luc Picard",
        "Mary Smith-Jones",
        "Tomás Müller",
        "Linh Nguyễn",
        "Ana de la Cruz",
        "Dana J. Whitfield",
    ]


# --------------------------------------------------------------------------- context patterns


def test_context_patterns_catch_names_outside_the_gazetteer() -> None:
    text = (
        "Interviewer: Oluwaseun Adeyemi\n"
        "Zanele Mokoena (Engineering Manager) met with Chidera and Thandeka.\n"
        "Dr. Okonkwo joined late."
    )
    assert redact(text).text == (
        "Interviewer: [PERSON_1]\n"
        "[PERSON_2] (Engineering Manager) met with [PERSON_3] and [PERSON_4].\n"
        "Dr. [PERSON_5] joined late."
    )


def test_salutations_and_sign_offs() -> None:
    text = "Hey Chidera and Obiageli,\nThanks for your patience.\n\nCheers,\nXochitl Ramírez"
    assert redact(text).text == (
        "Hey [PERSON_1] and [PERSON_2],\nThanks for your patience.\n\nCheers,\n[PERSON_3]"
    )


def test_windows_line_endings_and_quoted_replies() -> None:
    text = "Hi Oluwaseun,\r\nThanks!\r\n\r\nBest regards,\r\nChidera Okafor\r\n> Cheers,\n> Zanele"
    assert redact(text).text == (
        "Hi [PERSON_1],\r\nThanks!\r\n\r\nBest regards,\r\n[PERSON_2]\r\n> Cheers,\n> [PERSON_3]"
    )


def test_company_in_interview_context_is_not_a_person() -> None:
    text = "Your interview with Brightpath went well; the call with Dana Whitfield did too."
    assert redact(text).text == (
        "Your interview with Brightpath went well; the call with [PERSON_1] did too."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hola Sofía,", "Hola [PERSON_1],"),
        ("Estimada Laura:", "Estimada [PERSON_1]:"),
        ("Estimado Sr. Fernández,", "Estimado Sr. [PERSON_1],"),
        ("Hallo Jonas,", "Hallo [PERSON_1],"),
        ("Sehr geehrte Frau Müller,", "Sehr geehrte Frau [PERSON_1],"),
        ("Liebe Anna,", "Liebe [PERSON_1],"),
        ("Bonjour Chloé,", "Bonjour [PERSON_1],"),
        ("Chère Camille,", "Chère [PERSON_1],"),
        ("Cher Thomas,", "Cher [PERSON_1],"),
        ("Olá João,", "Olá [PERSON_1],"),
        ("Ciao Giulia,", "Ciao [PERSON_1],"),
        ("Geachte heer Jansen,", "Geachte heer [PERSON_1],"),
    ],
)
def test_non_english_salutations(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saludos,\nInés García", "Saludos,\n[PERSON_1]"),
        ("Viele Grüße,\nJürgen Schmidt", "Viele Grüße,\n[PERSON_1]"),
        ("Cordialement,\nÉlodie Martin", "Cordialement,\n[PERSON_1]"),
        ("Un saludo,\nEquipo de Selección", "Un saludo,\nEquipo de Selección"),
        (
            "Mit freundlichen Grüßen\nIhr Recruiting-Team",
            "Mit freundlichen Grüßen\nIhr Recruiting-Team",
        ),
    ],
)
def test_non_english_sign_offs(text: str, expected: str) -> None:
    assert redact(text).text == expected


# --------------------------------------------------------------------------- find_names


def test_find_names_reports_each_person_once_by_longest_form() -> None:
    assert find_names(REJECTION_EMAIL) == ["Dana Whitfield", "Priya Raman", "Tomás"]


def test_find_names_ignores_emails_and_common_words() -> None:
    text = "Will you email dana.whitfield@northwind.example? Kafka and Rust skills. Java too."
    assert find_names(text) == []


# --------------------------------------------------------------------------- issue 14 leaks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FEEDBACK FROM MARIA GONZALEZ: WEAK ON SQL.", "FEEDBACK FROM [PERSON_1]: WEAK ON SQL."),
        ("HI DANIEL,\nREGARDS,\nKAREN OKAFOR", "HI [PERSON_1],\nREGARDS,\n[PERSON_2]"),
        ("had a call with priya patel today", "had a call with [PERSON_1] today"),
        ("hi daniel,\nthanks.\nbest,\nkaren", "hi [PERSON_1],\nthanks.\nbest,\n[PERSON_2]"),
        ("rohan said my answer lacked depth", "[PERSON_1] said my answer lacked depth"),
        ("ОТЗЫВ: МАРИЯ ИВАНОВА", "ОТЗЫВ: [PERSON_1]"),
    ],
)
def test_names_in_capitals_and_lower_case(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "SENIOR BACKEND ENGINEER - FINAL ROUND - NO HIRE",
        "NEXT STEPS: GRANT ACCESS TO THE REPO AND MARK THE TICKET DONE.",
        "will need to grant access before may, then mark it done",
        "April showers; the summer intern asked good questions",
    ],
)
def test_capitals_and_lower_case_words_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Интервьюер: Мария Иванова", ["Мария Иванова"]),
        ("I had the system design round with Дмитрий Кузнецов.", ["Дмитрий Кузнецов"]),
        ("Interviewer: Γιώργος Παπαδόπουλος", ["Γιώργος Παπαδόπουλος"]),
        ("Interviewer: محمد العلي", ["محمد العلي"]),
        ("تحدثت مع سارة محمود عن الدور.", ["سارة محمود"]),
        ("I spoke with נועה לוי about the role.", ["נועה לוי"]),
        ("Interviewer: राहुल शर्मा", ["राहुल शर्मा"]),
        ("박서연 님이 피드백을 보내주셨습니다.", ["박서연"]),
        ("I spoke with 이지은 about the team.", ["이지은"]),
        ("面试官：王伟", ["王伟"]),
        ("张明先生说我的系统设计不够深入。", ["张明"]),
        ("佐藤さんから連絡がありました。", ["佐藤"]),
        ("I met 山本花子 at the onsite.", ["山本花子"]),
    ],
)
def test_names_in_other_scripts(text: str, names: list[str]) -> None:
    assert [(e.kind, e.text) for e in redact(text).entities] == [("PERSON", n) for n in names]


@pytest.mark.parametrize(
    "text",
    [
        "Спасибо за интерес к вакансии. Мы свяжемся с вами позже.",
        "이번 면접은 정말 좋았습니다. 다음 단계는 기술 면접입니다.",
        "感谢您对我们公司的关注。很遗憾，我们决定不继续推进。",
        "本日は面接にお越しいただきありがとうございました。東京オフィスでお待ちしています。",
        "आपके आवेदन के लिए धन्यवाद। हम आपसे जल्द संपर्क करेंगे।",
        "شكرا لاهتمامك بالوظيفة في شركتنا في دبي.",
    ],
)
def test_sentences_in_other_scripts_without_names_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Rose,\nThanks.", "Hi [PERSON_1],\nThanks."),
        (
            "The final round was with Hunter and Summer.",
            "The final round was with [PERSON_1] and [PERSON_2].",
        ),
        ("Summer said my answers were vague.", "[PERSON_1] said my answers were vague."),
        ("Bill mentioned the team uses Go.", "[PERSON_1] mentioned the team uses Go."),
        ("Best,\nHope", "Best,\n[PERSON_1]"),
        (
            "Interviewers: Rose, Hunter and Dawn",
            "Interviewers: [PERSON_1], [PERSON_2] and [PERSON_3]",
        ),
        ("I had coffee with Rose after the loop.", "I had coffee with [PERSON_1] after the loop."),
        ("According to Dawn, the bar is high.", "According to [PERSON_1], the bar is high."),
        ("Cheers,\nSummer Nguyen", "Cheers,\n[PERSON_1]"),
    ],
)
def test_names_that_are_words_used_as_names(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "She gave me a rose from the office garden.",
        "We are planning to hire again this summer.",
        "You would bill the client for extra hours.",
        "The head hunter said the role had been filled.",
        "Prices rose sharply and the hiring budget was cut.",
        "Amber alert on the dashboard; the sky is the limit.",
    ],
)
def test_names_that_are_words_used_as_words(text: str) -> None:
    assert redact(text).text == text


def test_surname_initial_lists() -> None:
    result = redact("Reviewers: Smith, J.; Kowalski, A. and Whitfield, D.J.")
    assert result.text == "Reviewers: [PERSON_1]; [PERSON_2] and [PERSON_3]"
    assert [e.text for e in result.entities] == ["Smith, J.", "Kowalski, A.", "Whitfield, D.J."]
    assert redact("Attendees: J. Smith, R. Patel").text == "Attendees: [PERSON_1], [PERSON_2]"
    assert redact("Комиссия: Иванов И.И., Петрова А.С.").text == "Комиссия: [PERSON_1], [PERSON_2]"
    assert redact("Section A. Coding; Part C. Behavioural.").entities == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DM'd @jdoe on Slack.", "DM'd [HANDLE_1] on Slack."),
        ("cc @priya_patel and @t.nowak", "cc [HANDLE_1] and [HANDLE_2]"),
        ("Напишите @ivan_petrov в Telegram.", "Напишите [HANDLE_1] в Telegram."),
        ("The onsite is @ 10am; ping @here.", "The onsite is @ 10am; ping @here."),
    ],
)
def test_handles(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "address",
    [
        "jane dot doe at example dot com",
        "jane[at]example[dot]com",
        "priya.patel (at) northwind (dot) example",
        "m.gonzalez AT brightpath DOT io",
        "karen{at}okafor{dot}dev",
        "t.nowak at northwind.example",
        "elena.rossi @ acme.example",
    ],
)
def test_disguised_email_addresses(address: str) -> None:
    result = redact(f"Write to {address} please.")
    assert result.text == "Write to [EMAIL_1] please."
    assert [(e.kind, e.text) for e in result.entities] == [("EMAIL", address)]


def test_words_around_at_are_not_addresses() -> None:
    text = "We met at the office at noon. I worked at acme.io for two years."
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Interviewer: Nguyen Thi Minh Khai", "Nguyen Thi Minh Khai"),
        ("Tran Thi Thu Ha asked about testing.", "Tran Thi Thu Ha"),
        ("Thanks to María José García López.", "María José García López"),
        ("Feedback from Zhang Wei today.", "Zhang Wei"),
    ],
)
def test_long_and_surname_first_names(text: str, name: str) -> None:
    assert [e.text for e in redact(text).entities] == [name]
