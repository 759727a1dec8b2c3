"""The `studietur` command line: one module per command group."""
