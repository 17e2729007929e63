"""Conformance of postlint with the real Jekyll, on the real sites of ``../shared/corpus``.

- :mod:`conformance.harness` builds each site with the real ``jekyll build``
  (and its plugins) and reads back what it published (``truth.rb``), cached;
- :mod:`conformance.compare` runs postlint on the same site and compares:
  URLs, link findings against the build, broken links postlint misses;
- ``test_corpus_sites.py`` asserts the targets; ``tools/conformance_report.py``
  prints the tables and writes the details as JSON.
"""
