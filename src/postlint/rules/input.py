"""PL0xx: problems with the file itself (reading, encoding, YAML).

These are found while loading the post (:class:`postlint.core.document.LoadIssue`);
each kind is its own rule so it can be documented, selected and ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from postlint.core.diagnostics import Diagnostic
from postlint.core.document import Post
from postlint.core.suggest import closest
from postlint.rules.base import PostContext, rule


def _issues(post: Post, ctx: PostContext, message_id: str = "default") -> Iterator[Diagnostic]:
    for issue in post.issues:
        if issue.kind == ctx.rule.name:
            yield ctx.at(
                message_id, issue.line, issue.column, end_line=issue.end_line, end_column=issue.end_column, **issue.params
            )


@rule(
    "PL001",
    "unreadable-file",
    "The file cannot be read.",
    messages={"default": "cannot read this file: {reason}"},
)
def unreadable_file(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A file that postlint is asked to check cannot be opened.

    ## Why it matters
    If postlint cannot read it, neither can Jekyll: the build will fail or
    skip it.

    ## Example
    A post whose permissions are `--w-------`, or a broken symbolic link.

    ## Fix
    Restore read permission (`chmod a+r FILE`) or remove the broken link.
    """
    yield from _issues(post, ctx)


@rule(
    "PL002",
    "not-utf8",
    "The file is not UTF-8 text.",
    messages={"default": "this file is not UTF-8 text (byte {byte} here); save it again as UTF-8"},
)
def not_utf8(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The file contains bytes that are not valid UTF-8.

    ## Why it matters
    Jekyll reads content as UTF-8: accented letters saved in another
    encoding (Latin-1, Windows-1252) come out as garbage or stop the build.

    ## Example
    A post saved as Windows-1252, where `é` is the single byte `0xE9`.

    ## Fix
    Re-save the file as UTF-8 in your editor ("Save with encoding").
    postlint never rewrites such a file itself.
    """
    yield from _issues(post, ctx)


@rule(
    "PL003",
    "binary-file",
    "A binary file has a content file's name.",
    messages={"default": "this is a binary file, not text: is it misnamed or misplaced?"},
)
def binary_file(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A file with a Markdown name holds binary data (it contains NUL bytes).

    ## Why it matters
    Usually an image or document saved under the wrong name or folder;
    Jekyll will try to render it and fail or publish garbage.

    ## Example
    `_posts/2024-01-01-photo.md` that is really a JPEG.

    ## Fix
    Rename or move the file to where assets live (e.g. `img/`).
    """
    yield from _issues(post, ctx)


@rule(
    "PL004",
    "file-too-large",
    "The file is too large to be a post.",
    messages={"default": "this file is {size} bytes, over the limit of {limit} bytes; it was not checked"},
)
def file_too_large(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A content file is larger than `max-file-size` (1 MiB by default).

    ## Why it matters
    A post is a few kilobytes of text. A huge one almost always carries
    something pasted by mistake (an image encoded in base64, a data dump)
    that will weigh on every page load.

    ## Example
    A post with a 5 MB `data:image/png;base64,...` image inside.

    ## Fix
    Move the embedded data to a file under `img/` or `docs/` and link to it.
    Raise `max-file-size` if such files are expected.
    """
    yield from _issues(post, ctx)


@rule(
    "PL005",
    "empty-file",
    "The content file is empty.",
    messages={"default": "this file is empty"},
)
def empty_file(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A Markdown file with nothing in it.

    ## Why it matters
    An empty post publishes an empty page, or nothing at all; it is usually
    a file created and forgotten.

    ## Example
    `_posts/2024-05-01-annonce.md` with zero bytes.

    ## Fix
    Write the post, or delete the file.
    """
    yield from _issues(post, ctx)


@rule(
    "PL006",
    "unclosed-front-matter",
    "The front matter has no closing `---`.",
    messages={"default": "the front matter opened by '---' on line 1 is never closed: add a line '---' after the last key"},
)
def unclosed_front_matter(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The file starts with `---` but no later line closes the front matter.

    ## Why it matters
    Jekyll then sees no front matter at all: the post loses its title,
    layout and tags, or is not published.

    ## Example
    ```
    ---
    title: Bienvenue
    layout: post

    Le texte commence ici.
    ```

    ## Fix
    ```
    ---
    title: Bienvenue
    layout: post
    ---

    Le texte commence ici.
    ```
    """
    yield from _issues(post, ctx)


@rule(
    "PL007",
    "invalid-yaml",
    "The front matter is not valid YAML.",
    messages={
        "default": "the front matter is not valid YAML: {problem}",
        "quote-value": "the front matter is not valid YAML: the value of `{key}` contains ': ' and must be put in quotes",
        "tab": "the front matter is not valid YAML: {problem} (YAML does not allow tabs for indentation)",
    },
)
def invalid_yaml(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The front matter cannot be read as YAML.

    ## Why it matters
    Jekyll stops the build, or publishes the post without any of its
    metadata. The most common cause is a title containing `: ` left
    unquoted, which YAML reads as a second key.

    ## Example
    ```yaml
    title: Data EIG : un retour en chiffres
    ```

    ## Fix
    Put the value in quotes (double any single quote inside it):
    ```yaml
    title: 'Data EIG : un retour en chiffres'
    ```
    """
    for issue in post.issues:
        if issue.kind == "invalid-yaml":
            message_id = issue.params.get("hint") or "default"
            yield ctx.at(message_id, issue.line, issue.column, **issue.params)


@rule(
    "PL008",
    "invalid-date",
    "A front-matter date is not a real calendar date.",
    messages={"default": "`{key}`: {value} is not a real date"},
)
def invalid_date(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A value written like a date (`2024-02-30`) is not a real date.

    ## Why it matters
    Jekyll fails to build, or dates the post wrongly.

    ## Example
    ```yaml
    date: 2024-02-30
    ```

    ## Fix
    ```yaml
    date: 2024-02-29
    ```
    """
    yield from _issues(post, ctx)


@rule(
    "PL009",
    "front-matter-not-mapping",
    "The front matter is a list or a single value instead of keys.",
    messages={"default": "the front matter is a {kind}, not a set of `key: value` lines"},
)
def front_matter_not_mapping(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The front matter must be a mapping of keys to values.

    ## Why it matters
    Jekyll ignores a front matter that is a list or a lone value: the page
    gets no title, layout or tags.

    ## Example
    ```yaml
    ---
    - title: Bienvenue
    ---
    ```

    ## Fix
    ```yaml
    ---
    title: Bienvenue
    ---
    ```
    """
    yield from _issues(post, ctx)


@rule(
    "PL010",
    "duplicate-key",
    "A front-matter key is set twice.",
    messages={"default": "`{key}` is set twice (first on line {first_line}); only this last value counts"},
)
def duplicate_key(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """The same key appears twice in one front matter.

    ## Why it matters
    YAML keeps the last value silently: an editor who updates the first one
    sees no effect.

    ## Example
    ```yaml
    title: Ancien titre
    layout: post
    title: Nouveau titre
    ```

    ## Fix
    Keep one `title:` line.
    """
    yield from _issues(post, ctx)


@rule(
    "PL011",
    "non-string-key",
    "A front-matter key is not text.",
    messages={"default": "the key {key} is not text: front-matter keys are words such as `title`"},
)
def non_string_key(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A key is a number, a boolean, a date or a list instead of a word.

    ## Why it matters
    Templates look keys up by name; such a key is unreachable and usually
    a typing mistake (`2019: ...`, `? [a, b]`).

    ## Example
    ```yaml
    2019: bilan
    ```

    ## Fix
    ```yaml
    annee: 2019
    ```
    """
    yield from _issues(post, ctx)


@rule(
    "PL012",
    "alias-expansion",
    "YAML aliases expand to an unreasonable size.",
    messages={
        "default": "the front matter's YAML aliases expand to more than {limit} values; it was not read",
        "recursive": "this YAML value contains an alias to itself, so it never ends; the front matter was not read",
    },
)
def alias_expansion(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """YAML anchors and aliases (`&a`, `*a`) that expand exponentially, or
    an alias used inside its own anchor (`tags: &t [*t]`), whose value has
    no end.

    ## Why it matters
    A few lines of nested aliases (a "billion laughs") can exhaust memory in
    every tool that reads the file, Jekyll included.

    ## Example
    ```yaml
    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    ```

    ## Fix
    Write the values out, or drop the aliases.
    """
    for issue in post.issues:
        if issue.kind == "alias-expansion":
            message_id = issue.params.get("hint") or "default"
            yield ctx.at(message_id, issue.line, issue.column, **issue.params)


@rule(
    "PL013",
    "empty-front-matter",
    "A post's front matter is empty.",
    messages={"default": "the front matter is empty: this file needs its {schema} keys"},
)
def empty_front_matter(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A file that a schema applies to has `---` / `---` with nothing inside.

    ## Why it matters
    The post will have no title, layout, tags or author.

    ## Example
    ```
    ---
    ---
    Texte.
    ```

    ## Fix
    Fill in the keys the schema requires (`postlint schema` lists them).
    """
    schema = ctx.config.schema_for(post.relpath)
    if schema and post.has_front_matter and post.front_matter == {} and not post.issues:
        yield ctx.at("default", post.front_matter_line, 1, schema=schema)


@rule(
    "PL014",
    "missing-front-matter",
    "A post has no front matter.",
    messages={
        "default": "this file has no front matter: it must start with a line '---'",
        "not-first-line": "the front matter must start on the very first line; '---' is on line {found_line}",
    },
)
def missing_front_matter(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A file that a schema applies to does not start with `---`.

    ## Why it matters
    Without front matter, Jekyll does not treat the file as a post: it is
    silently left out of the site.

    ## Example
    A post that starts with a blank line, then `---`.

    ## Fix
    Make `---` the very first line of the file.
    """
    if post.has_front_matter or post.issues or not ctx.config.schema_for(post.relpath):
        return
    for number, line in enumerate(post.lines[:20], start=1):
        if line.strip() == "---":
            yield ctx.at("not-first-line", number, 1, found_line=number)
            return
    yield ctx.at("default", 1, 1)


@rule(
    "PL015",
    "path-not-found",
    "A path given to postlint does not exist.",
    messages={"default": "no such file or folder"},
)
def path_not_found(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A path given on the command line (or by a hook) does not exist.

    ## Why it matters
    A typo in a path would otherwise make postlint check nothing and pass.

    ## Example
    `postlint check _post/` instead of `_posts/`.

    ## Fix
    Correct the path.
    """
    return iter(())  # reported by the engine, which resolves paths


@rule(
    "PL018",
    "rule-timeout",
    "A rule ran out of time on a file and was stopped there.",
    messages={"default": "rule {rule} took more than {budget} s on this file and was stopped; "
                         "the other rules still ran",
              "rest": "{limit} rules ran out of time on this file: the {count} others were not run on it"},
)
def rule_timeout(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A per-file rule spent more than `[engine] rule-time-budget` seconds
    (5 by default) on one file. The engine stops it for that file, reports
    it here, and goes on with the other rules and files. Parsing the
    Markdown has the same budget (the rules then see an empty body); after
    two rules out of time on one file, the others are not run on it (what
    is slow is most likely shared by them), and that is said too.

    ## Why it matters
    That rule did not check the file: what it would have found is missing.
    On ordinary posts every rule takes milliseconds, so this is a bug in
    postlint (or a plugin) met by an unusual file, or a very slow machine.

    ## Example
    A post of 100,000 nested brackets on one line.

    ## Fix
    Report it with the file that triggers it. Meanwhile, raise the budget
    (`[engine] rule-time-budget = 20`) or `--ignore` the slow rule.
    """
    return iter(())  # reported by the engine around every check


@rule(
    "PL022",
    "too-many-findings",
    "One rule found more on a file than is listed.",
    severity="warning",
    messages={"default": "rule {rule}: {count} more findings on this file are not listed, from here on "
                         "(only the first {limit} are)"},
)
def too_many_findings(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A per-file rule found more than `[engine] max-findings-per-rule`
    problems (500 by default) on one file. The first ones are listed; the
    rest are counted here, at the first one not listed.

    ## Why it matters
    Nobody reads the 600th report of one mistake in one file, but every
    report costs memory and time in every output format: a generated file
    with 30,000 of them would take gigabytes to report. The count says how
    much is left to do.

    ## Example
    A file of 30,000 lines that each use `--` for a dash.

    ## Fix
    Fix the listed findings (`postlint check --fix` does it for those it can
    fix) and run again: the next ones are then listed. To list them all, set
    `[engine] max-findings-per-rule = 0`.
    """
    return iter(())  # reported by the engine around every check


@rule(
    "PL019",
    "unknown-rule-in-comment",
    "A suppression comment names no rule.",
    messages={"default": "`postlint-{kind}` names no rule: {selector}{suggestion}; it switches nothing off"},
)
def unknown_rule_in_comment(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A `<!-- postlint-disable ... -->` (or `-next-line`, `-file`,
    `-enable`) comment names a code or rule name that postlint does not
    have.

    ## Why it matters
    The comment was meant to switch a finding off and silently does
    nothing: a typo in a code, or a rule that was renamed.

    ## Example
    ```markdown
    <!-- postlint-disable-next-line PL2O3 -->
    ```

    ## Fix
    ```markdown
    <!-- postlint-disable-next-line PL203 -->
    ```
    """
    from postlint.core.suppress import unknown_selector

    known = ctx.shared.known_rules
    for suppression in post.suppressions:
        for code in suppression.codes:
            if not known or unknown_selector(code, known) is None:
                continue
            guess = closest(code, [c for c, _ in known] + [n for _, n in known])
            yield ctx.at("default", suppression.line, 1, kind=suppression.kind, selector=code,
                         suggestion=f" (did you mean {guess}?)" if guess else "")


@rule(
    "PL099",
    "internal-error",
    "A rule failed on a file (a bug in postlint or a plugin).",
    messages={"default": "rule {rule} failed on this file ({error}); the other rules still ran, please report this"},
)
def internal_error(post: Post, ctx: PostContext) -> Iterator[Diagnostic]:
    """A rule raised an exception while checking a file.

    ## Why it matters
    It is a bug in postlint or in a plugin, not in your content, but the
    file was not fully checked by that rule.

    ## Example
    Any unexpected exception inside a check.

    ## Fix
    Report it with the file that triggers it; meanwhile the other rules
    still ran, and `--ignore CODE` silences the failing rule.
    """
    return iter(())  # reported by the engine around every check
