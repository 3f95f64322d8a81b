"""Gracious replies to rejections: drafted, checked for tone and safety, never sent.

- :mod:`~nextround.replies.replier`: which reply a rejection needs, its facts, the
  draft, and a draft for every rejection without one (``Replier``).
- :mod:`~nextround.replies.drafter`: the ``Drafter`` interface and the one the
  settings choose; :mod:`~nextround.replies.offline` (templates) and
  :mod:`~nextround.replies.llm` (a language model, falling back to templates).
- :mod:`~nextround.replies.check`: the tone guard and safety checks on a reply
  someone wrote (``check_reply``); :mod:`~nextround.replies.tone` and
  :mod:`~nextround.replies.safety` hold the rules, :mod:`~nextround.replies.slots`
  the checks on every value that reaches a draft.
- :mod:`~nextround.replies.registry`: which rejections already have a draft.
- :mod:`~nextround.replies.eml`: drafts written as text and ``.eml`` files.
"""
