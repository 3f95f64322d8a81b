"""nextround: learn from job rejections.

Ingest rejection emails, interview notes and ATS exports into a local Chroma
store, find what keeps coming up, and plan practice for the next interview.

>>> from nextround import Settings, Workspace
>>> ws = Workspace(Settings.load(home="/tmp/nr", profile="me"))   # doctest: +SKIP
>>> report = ws.ingest(["feedback/"])                             # doctest: +SKIP
"""

from nextround.caches import reset_caches
from nextround.errors import NextroundError
from nextround.models import FeedbackRecord, IngestReport
from nextround.settings import Settings
from nextround.version import __version__
from nextround.workspace import Workspace

__all__ = [
    "FeedbackRecord",
    "IngestReport",
    "NextroundError",
    "Settings",
    "Workspace",
    "__version__",
    "reset_caches",
]
