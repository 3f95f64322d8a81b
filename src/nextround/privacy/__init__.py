"""Personal data in feedback text: finding it, and hiding it before text leaves the machine.

Every layer that shows feedback to something outside the machine (a language model, a
hosted embedding model, a draft's tone check) imports from here:

- :func:`redact` replaces people's names, e-mail addresses, handles, phone numbers and
  URLs with numbered placeholders (``[PERSON_1]``, ``[EMAIL_2]``), giving a
  :class:`Redaction` with its :class:`Entity` list;
- :func:`find_names` lists the people a text mentions, one per person;
- :func:`people_named` gathers the names a profile's records know (interviewers,
  senders, people their text mentions), to pass to :func:`redact`;
- :func:`is_given_name` and :func:`word_classes` look words up in the name lists, for
  readers that tell a person's name from a company or a column header.

Everything runs offline and deterministically. The parts: :mod:`.lexicon` (word lists),
:mod:`.contexts` (the patterns around names), :mod:`.script_names` (names in scripts
without capitals), :mod:`.contacts` (addresses, handles, URLs, phones), :mod:`.tokens`,
:mod:`.detectors` and :mod:`.scanner` (finding people in a text), :mod:`.redaction`
(placeholders) and :mod:`.people` (names a profile knows).

>>> redact("Thanks, Dana Whitfield (dana@example.com)").text
'Thanks, [PERSON_1] ([EMAIL_1])'
"""

from nextround.privacy.lexicon import is_given_name, word_classes
from nextround.privacy.people import people_named
from nextround.privacy.redaction import Entity, Redaction, redact
from nextround.privacy.scanner import find_names

__all__ = [
    "Entity",
    "Redaction",
    "find_names",
    "is_given_name",
    "people_named",
    "redact",
    "word_classes",
]
