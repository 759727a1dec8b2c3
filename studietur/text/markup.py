"""Markup and prompt tokens: what a chat template, a web page or a prompt's own fences leave in a model's output.
They never belong in a question or in a sentence shown to the user."""

from __future__ import annotations

import re

PROMPT_MARKUP = re.compile(
    r"<\s*/?\s*[A-Za-z_|!][^<>\n]{0,40}>"  # tags and template tokens: <b>, </s>, <start_of_turn>, <|im_start|>
    r"|<{2,}|>{2,}|[‹›]{2,}"  # fences and their look-alikes: <<SYS>>, <<<END PASSAGE 5>>>
    r"|\[/?(?:INST|SYS)\]"  # instruction brackets
    r"|`{3}|~{3}"  # code fences
)
