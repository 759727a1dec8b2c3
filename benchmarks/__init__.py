"""`studietur bench`: ingest, query, UI start-up and scale measurements, written to BENCHMARKS.md."""
