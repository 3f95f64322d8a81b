"""Turning feedback files into :class:`~nextround.models.FeedbackRecord` objects.

``discover`` finds input files, ``readers`` turns each into raw items,
``clean``/``metadata``/``language`` annotate them, :mod:`nextround.privacy`
redacts them, and ``pipeline`` puts it together and decides what is new,
unchanged or a duplicate.
"""
