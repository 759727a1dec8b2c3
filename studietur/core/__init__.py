"""Our small types (chunks, passages, filters, answers) and our few errors; everything may import these."""
