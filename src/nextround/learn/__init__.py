"""Small classifiers trained on labelled data: what a feedback point says, what a message is.

Each model is a linear head (multinomial logistic regression) over features that
need nothing beyond numpy at run time: the bundled sentence embeddings and a
learned word vocabulary. The weights ship inside the package and are checked
against pinned digests; :mod:`nextround.learn.train` reproduces them exactly
from the labelled data in ``corpus/`` (see ``corpus/DATA_CARD.md``).
"""
