"""Case definitions for tools/gen_fixtures.py (PyTorch parity fixtures)."""
