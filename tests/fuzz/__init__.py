"""Fuzzing postlint: no input may crash it, hang it or make it report
outside the file, and ``--fix`` changes only what it fixes.

``python -m tests.fuzz --minutes 30`` runs the long campaign (see
:mod:`tests.fuzz.runner`); ``test_fuzz.py`` is its short, deterministic
run in the test suite.
"""
