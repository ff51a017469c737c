//! Tests of the generated clients; see `tests/`.
