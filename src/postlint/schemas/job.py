"""The front matter of a job offer: a blog post with a few typed extras.

Detection (see :mod:`postlint.rules.jobs`) decides *whether* a post is an
offer; this model says what the offer-specific keys must look like once it
is one. The filled flag is typed strictly: ``filled: "yes"`` (a string) is
a mistake an editor should hear about, not a truthy value to guess from.
"""

from __future__ import annotations

from typing import Optional

from pydantic import StrictBool

from postlint.schemas import PostFrontMatter
from postlint.schemas.types import DateValue, NonEmptyText

__all__ = ["JobOffer", "OFFER_KEYS"]


class JobOffer(PostFrontMatter):
    """A job or internship offer published as a post."""

    #: explicit kind of post (``type: job``); the detection signal of choice.
    type: Optional[NonEmptyText] = None
    #: ``filled: true`` once the position is taken.
    filled: Optional[StrictBool] = None
    #: the opposite convention, used by some sites: ``open: false``.
    open: Optional[StrictBool] = None
    #: an explicit application deadline; wins over deadlines found in the text.
    deadline: Optional[DateValue] = None


#: keys JobOffer adds to the post schema (errors on the others are the
#: front-matter rules' business, not the job rules').
OFFER_KEYS = frozenset(set(JobOffer.model_fields) - set(PostFrontMatter.model_fields))
