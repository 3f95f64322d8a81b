"""The reply drafter interface, and the one chosen for the settings.

A drafter turns one rejection and the checked facts about it into a
:class:`~nextround.models.ReplyDraft`, with every tone and safety flag
attached. Two ship: :class:`~nextround.replies.offline.OfflineDrafter`
(templates, always available) and
:class:`~nextround.replies.llm.LLMReplyDrafter` (a language model that sees
only placeholders, falling back to the offline drafter it holds). A notebook
can pass its own to :class:`~nextround.replies.replier.Replier`::

    class Plain:
        def draft(self, record, kind, facts, *, tone="warm", seed=0,
                  max_chars=300, other_companies=()):
            return finish(record, kind, tone, "Thank you", "Thank you.", "plain", other_companies)

    replier = Replier(engine.read_record, companies, "Jordan Ellis", Plain())
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from nextround.llm.session import make_client
from nextround.models import FeedbackRecord, ReplyDraft
from nextround.replies.llm import LLMReplyDrafter
from nextround.replies.offline import Facts, OfflineDrafter
from nextround.settings import Settings


@runtime_checkable
class Drafter(Protocol):
    """Drafts one reply to a rejection, checked for tone and safety."""

    def draft(
        self,
        record: FeedbackRecord,
        kind: str,
        facts: Facts,
        *,
        tone: str = "warm",
        seed: int = 0,
        max_chars: int = 300,
        other_companies: Iterable[str] = (),
    ) -> ReplyDraft:
        """A checked draft of ``kind`` in ``tone`` built from ``facts``.

        ``max_chars`` bounds a LinkedIn note; ``other_companies`` are names the
        draft must not mention. Raises :class:`~nextround.errors.UsageError` for an
        unknown kind or tone.
        """
        ...


def make_drafter(settings: Settings, chat_model: Any | None = None) -> Drafter:
    """The drafter for ``settings``: the language model's when one is configured, else offline.

    ``chat_model`` (any LangChain chat model) is used instead of the configured one.
    """
    client = make_client(settings, chat_model)
    return LLMReplyDrafter(client) if client is not None else OfflineDrafter()
