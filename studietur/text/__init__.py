"""Language facts defined once: sentence and answer-unit splitting, Danish analysis, casing, headings, language detection."""
