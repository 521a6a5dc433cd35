"""The import corpus: spreadsheets shaped like the ones KPU offices send (``files``), each with its outcome
pinned by ``tests/test_import_corpus.py``."""
