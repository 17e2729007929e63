"""What every job-offer rule asks first: is this post an offer, in which
language, with which status? Answered once per post (kept in the file's memo store)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from postlint.core.document import Post
from postlint.rules.base import PostContext
from postlint.rules.jobs.detect import detect
from postlint.rules.jobs.lang import offer_language
from postlint.rules.jobs.options import JobsOptions, SectionSpec
from postlint.rules.jobs.signals import StatusReport, read_status

if TYPE_CHECKING:  # pragma: no cover
    from postlint.jekyll import SiteConfig

__all__ = ["Offer", "analyse", "jobs_options"]


@dataclass(frozen=True)
class Offer:
    options: JobsOptions
    #: why the post is an offer: "collection", "type" or "pattern".
    reason: str
    lang: str
    #: what told the language: "front-matter", "folder", "text", "config", "site", "default".
    lang_source: str
    site_lang: str | None
    status: StatusReport

    @property
    def content_checked(self) -> bool:
        """Whether sections and how to apply are checked: open offers (or every
        offer with ``check-closed``), since nobody edits a closed one."""
        return self.status.status == "open" or self.options.check_closed

    @property
    def sections(self) -> list[SectionSpec] | None:
        return self.options.section_set(self.lang, self.site_lang)


def jobs_options(ctx: PostContext) -> JobsOptions:
    """``[jobs]``, validated once a run."""
    return ctx.options(JobsOptions)


def _site(ctx: PostContext) -> SiteConfig:
    return ctx.site.sitemap.config


def analyse(post: Post, ctx: PostContext) -> Offer | None:
    """The offer ``post`` is, or None when it is not one."""
    options = jobs_options(ctx)

    def compute() -> Offer | None:
        reason = detect(post, options)
        if reason is None:
            return None
        site = _site(ctx)
        lang, source = offer_language(post, options, site)
        status = read_status(post, options.signals, options.reference_date())
        return Offer(options, reason, lang, source, site.lang or None, status)

    return ctx.file_memo.get("job-offer", compute)
