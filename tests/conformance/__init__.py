"""Conformance of postlint with the real Jekyll, on the real corpus sites.

The sites are found by :func:`conformance.harness.corpus_root` (the shared
corpus next to the repository, or ``$POSTLINT_SHARED_CORPUS``); every test
skips, saying why, when the corpus, ``jekyll`` or a plugin is missing.

- :mod:`conformance.harness` builds each site with the real ``jekyll build``
  (and its plugins) and reads back what it published (``truth.rb``), cached;
- :mod:`conformance.compare` runs postlint on the same site and compares:
  URLs, link findings against the build, broken links postlint misses;
- ``test_corpus_sites.py`` asserts the targets; ``tools/conformance_report.py``
  prints the tables and writes the details as JSON.
"""
