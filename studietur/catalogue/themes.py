"""The theme vocabulary of proposed destinations, shared by the extractor (which tags proposals) and the catalogue
lookups (which read the theme a question asks for)."""

from __future__ import annotations

import re

# Theme -> keyword patterns (case-insensitive; `(?-i:...)` makes a pattern case-sensitive). A proposal gets a theme
# when its headline, description or suggested places mention one of the theme's keywords; a question asks for a
# theme when it mentions one. The first six are the focus areas the proposals document itself names.
THEME_KEYWORDS: dict[str, tuple[str, ...]] = {
    "AI og tech": (
        r"(?-i:\bAI\b)",
        r"kunstig\w*\s+intelligens",
        r"artificial\s+intelligence",
        r"\btech\w*",
        r"\bteknologi\w*",
        r"højteknologi\w*",
    ),
    "erhvervsvenlighed": (r"erhvervsvenli\w*", r"iværksæt\w*", r"erhvervsfremme\w*", r"\bstart-?ups?\b", r"business"),
    "integration": (
        r"integration\w*",
        r"\bintegrer\w*",
        r"nyankomne",
        r"nytilkomne",
        r"indvandrer\w*",
        r"migrant\w*",
        r"flygtning\w*",
        r"multikultur\w*",
    ),
    "international arbejdskraft": (
        r"(?:international|udenlandsk|global)\w*\s+(?:arbejdskraft|rekruttering|talent\w*)",
        r"talenttiltrækning",
        r"internationale\s+(?:medarbejdere|jobsøgere|kandidater)",
    ),
    "ukrainske fordrevne": (r"ukrain\w*",),
    "veteranindsats": (r"veteran\w*", r"militær\w*", r"armed\s+forces", r"værnepligt"),
    "digitalisering": (r"digitali\w*", r"\bdigital\w*", r"smart\s+city", r"e-government"),
    "opkvalificering": (
        r"opkvalificer\w*",
        r"omkvalificer\w*",
        r"kompetenceudvikling",
        r"livslang\s+læring",
        r"reskilling",
        r"upskilling",
    ),
    "virksomhedsrettet indsats": (r"virksomhedsrettet\w*", r"virksomhedsnetværk\w*", r"store\s+arbejdsgivere"),
    "grøn omstilling": (
        r"grøn\w*\s+omstilling",
        r"bæredygtig\w*",
        r"klima(?:indsats|tilpasning|neutral|omstilling|mål)\w*",
        r"cleantech",
        r"green\s+transition",
    ),
}
_THEME_PATTERNS = {
    theme: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    for theme, patterns in THEME_KEYWORDS.items()
}


def themes_in(text: str) -> list[str]:
    """The themes whose keywords occur in `text`, in the order of THEME_KEYWORDS."""
    return [theme for theme, pattern in _THEME_PATTERNS.items() if pattern.search(text)]


def theme_spans(text: str, theme: str) -> list[tuple[int, int]]:
    """Where the keywords of `theme` occur in `text` (for highlighting why a proposal has the theme)."""
    pattern = _THEME_PATTERNS.get(theme)
    return [m.span() for m in pattern.finditer(text)] if pattern else []
