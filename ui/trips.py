"""The Studieture tab: past trips as a timeline, proposed destinations by region, one city side by side, the
report behind any card, and the visit list or a proposal exported as Markdown or CSV for a planning memo."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.service import Assistant
from studietur.catalogue import browse, export
from studietur.catalogue.model import ProposedDestination, Visit
from studietur.core.errors import StudieturError
from ui.gradio_api import HIDDEN
from ui.render import document_html, message_html
from ui.trip_render import DOCUMENT_JS, SOURCE_JS, city_html, proposals_html, timeline_html

logger = logging.getLogger(__name__)

FORMATS = {"Markdown": "md", "CSV": "csv"}
ALL_PROPOSALS = "alle"
EXPORT_DIR = Path(tempfile.gettempdir()) / "studietur-export"
INTRO = (
    "Tidligere studieture med deres besøg, og de foreslåede destinationer. Vælg en by for at se tidligere besøg og "
    "forslag side om side, og hent listen som Markdown eller CSV til et planlægningsnotat."
)
_SLUG = re.compile(r"[^\w-]+")


def build_tab(bot: Assistant, app: gr.Blocks) -> None:
    """The tab's layout and events; its content is read from the catalogue when a page loads."""
    gr.Markdown(INTRO)
    with gr.Row():
        city = gr.Dropdown(
            label="Destination",
            choices=[],
            value=None,
            allow_custom_value=True,
            info="Vælg eller skriv en by, fx Boston eller New York",
            scale=3,
            elem_id="trip-city",
        )
        clear = gr.Button("Vis alle", size="md", scale=0, min_width=120, elem_id="trip-clear")
        fmt = gr.Radio(list(FORMATS), value="Markdown", label="Eksportformat", scale=2, elem_id="trip-format")
    with gr.Row():
        visits_button = gr.DownloadButton("Hent besøgslisten", size="md", scale=1, elem_id="export-visits")
        proposal = gr.Dropdown(label="Forslag at eksportere", choices=[], value=None, scale=2, elem_id="trip-proposal")
        proposal_button = gr.DownloadButton("Hent forslaget", size="md", scale=1, elem_id="export-proposal")
    overview = gr.HTML(city_html(None), elem_id="trip-city-overview", js_on_load=SOURCE_JS)
    with gr.Row():
        with gr.Column(scale=3):
            gr.Markdown("### Tidligere studieture")
            timeline = gr.HTML("", elem_id="trip-timeline", js_on_load=SOURCE_JS)
        with gr.Column(scale=2):
            gr.Markdown("### Foreslåede destinationer")
            proposals = gr.HTML("", elem_id="trip-proposals", js_on_load=SOURCE_JS)
    with gr.Accordion("Kilde", open=False, elem_id="trip-doc-panel") as doc_panel:
        doc_view = gr.HTML(
            '<div class="sources-empty">Klik på "Vis kilden" på et kort for at se passagen i rapporten.</div>',
            elem_id="trip-doc-view",
            js_on_load=DOCUMENT_JS,
        )

    handlers = TripHandlers(bot)
    filter_inputs = [city, fmt, proposal]
    filter_outputs = [overview, visits_button, proposal_button]
    app.load(handlers.refresh, None, [timeline, proposals, city, proposal], **HIDDEN).then(
        handlers.show_filter, filter_inputs, filter_outputs, **HIDDEN
    )
    for trigger in (city.change, fmt.change, proposal.change):
        trigger(handlers.show_filter, filter_inputs, filter_outputs, **HIDDEN)
    clear.click(lambda: None, None, city, **HIDDEN)
    for panel in (overview, timeline, proposals):
        panel.click(handlers.open_source, None, [doc_view, doc_panel], **HIDDEN)


# --- handlers ---------------------------------------------------------------------------------


class TripHandlers:
    """The tab's event handlers over the shared assistant; the choices of each session come in as inputs."""

    def __init__(self, bot: Assistant) -> None:
        self.bot = bot

    def refresh(self) -> tuple[str, str, Any, Any]:
        """The timeline, the proposals and the choices of city and proposal, as the catalogue is now."""
        store = self.bot.catalogue
        choices = [("Alle forslag (i den valgte by)", ALL_PROPOSALS)]
        choices += [(p.label, browse.record_key(p)) for p in store.proposals()]
        return (
            timeline_html(browse.timeline(store)),
            proposals_html(browse.proposals_by_scope(store)),
            gr.Dropdown(choices=browse.city_choices(store)),
            gr.Dropdown(choices=choices, value=ALL_PROPOSALS),
        )

    def show_filter(self, city: str | None, fmt: str | None, proposal: str | None) -> tuple[str, Any, Any]:
        """The chosen city's visits and proposals side by side, and the export files for the current choices."""
        city = (city or "").strip()
        overview = browse.city_overview(self.bot.catalogue, city) if city else None
        ext = FORMATS.get(fmt or "", "md")
        return (
            city_html(overview),
            _visits_download(self.bot, city, ext),
            _proposal_download(self.bot, city, proposal, ext),
        )

    def open_source(self, evt: gr.EventData) -> tuple[str, Any]:
        """A card's "Vis kilden" was clicked: its report, opened at the passage with the record's facts marked."""
        key = str(getattr(evt, "ref", ""))
        found = browse.source_of(self.bot.catalogue, self.bot.index.store.get, key)
        if found is None:
            gone = message_html("Kilden findes ikke længere i kataloget; genindlæs siden.", "error")
            return gone, gr.Accordion(open=True)
        record, citation = found
        chunk = citation.passage.chunk
        try:
            text = self.bot.document_text(chunk.doc)
            view = document_html(text, chunk, citation.highlights, _label(record), key)
        except StudieturError as exc:
            logger.warning("cannot show %s: %s", chunk.doc, exc)
            view = message_html(f"Rapporten kan ikke vises: {exc}", "error")
        except Exception:
            logger.exception("showing %s failed", chunk.doc)
            view = message_html("Der opstod en uventet fejl. Prøv igen.", "error")
        return view, gr.Accordion(open=True, label=f"Kilde: {chunk.doc_title or record.doc}")


def _label(record: browse.Record) -> str:
    if isinstance(record, Visit):
        return f"besøg {record.number}" if record.number is not None else "besøg"
    return "forslag"


# --- exports ----------------------------------------------------------------------------------


def _visits_download(bot: Assistant, city: str, ext: str) -> Any:
    visits = bot.catalogue.visits(city=city or None)
    title = f"Besøg i {city}" if city else "Besøg på tidligere studieture"
    text = export.visits_csv(visits) if ext == "csv" else export.visits_markdown(visits, title)
    label = f"Hent besøgslisten ({len(visits)} besøg, {ext.upper()})"
    return _download(f"besøg-{_slug(city) or 'alle'}.{ext}", text, label, bool(visits))


def _proposal_download(bot: Assistant, city: str, key: str | None, ext: str) -> Any:
    chosen = browse.find_record(bot.catalogue, key) if key and key != ALL_PROPOSALS else None
    if isinstance(chosen, ProposedDestination):
        found, name = [chosen], chosen.label
    else:
        found = list(browse.city_overview(bot.catalogue, city).proposals if city else bot.catalogue.proposals())
        name = city or "alle"
    if ext == "csv":
        text = export.proposals_csv(found)
    elif len(found) == 1:
        text = export.proposal_markdown(found[0])
    else:
        text = export.proposals_markdown(found, f"Foreslåede destinationer ({name})")
    kind = ext.upper()
    label = f"Hent forslaget ({found[0].label}, {kind})" if len(found) == 1 else f"Hent {len(found)} forslag ({kind})"
    return _download(f"forslag-{_slug(name)}.{ext}", text, label, bool(found))


def _download(name: str, text: str, label: str, enabled: bool) -> Any:
    """The text as a file the button offers (under the name the user downloads); disabled when there is nothing
    to export. Files are kept by content, so the same export is written once however often it is shown."""
    encoding = "utf-8-sig" if name.endswith(".csv") else "utf-8"  # Excel reads æ, ø and å in a CSV only with a BOM
    data = text.encode(encoding)
    path = EXPORT_DIR / hashlib.sha256(data).hexdigest()[:16] / name
    try:
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}")
            partial.write_bytes(data)
            os.replace(partial, path)
    except OSError:
        logger.exception("writing the export %s failed", path)
        return gr.DownloadButton(value=None, label="Eksporten mislykkedes", interactive=False)
    return gr.DownloadButton(value=str(path), label=label, interactive=enabled)


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-")[:40]
