"""Gradio's own words in Danish: what its components say by themselves ("Drop File Here", "Copy message", the login
form) comes from its translation dictionaries, keyed as below; Gradio ships no Danish one, so the app brings it."""

from __future__ import annotations

import gradio as gr

LOCALE = "da"

# Keys of Gradio's dictionaries (gradio/templates/frontend/assets/en-*.js) that components of this app can show.
GRADIO_DA: dict[str, str] = {
    "upload_text.drop_file": "Træk filer hertil",
    "upload_text.click_to_upload": "Klik for at vælge filer",
    "upload_text.drop_audio": "Træk lyd hertil",
    "upload_text.drop_csv": "Træk en CSV-fil hertil",
    "upload_text.drop_image": "Træk et billede hertil",
    "upload_text.drop_video": "Træk en video hertil",
    "upload_text.drop_gallery": "Træk billeder eller video hertil",
    "upload_text.paste_clipboard": "Indsæt fra udklipsholderen",
    "file.uploading": "Uploader …",
    "common.or": "eller",
    "common.clear": "Ryd",
    "common.download": "Hent",
    "common.download_all": "Hent alle",
    "common.edit": "Redigér",
    "common.empty": "Tom",
    "common.error": "Fejl",
    "common.loading": "Indlæser",
    "common.remove": "Fjern",
    "common.submit": "Send",
    "common.undo": "Fortryd",
    "common.run": "Kør",
    "common.progress": "Fremskridt",
    "common.settings": "Indstillinger",
    "common.language": "Sprog",
    "common.display_theme": "Tema",
    "common.built_with": "bygget med",
    "common.built_with_gradio": "Bygget med Gradio",
    "common.no_devices": "Ingen enheder fundet",
    "chatbot.edit": "Redigér",
    "chatbot.retry": "Prøv igen",
    "chatbot.undo": "Fortryd",
    "chatbot.submit": "Send",
    "chatbot.cancel": "Annullér",
    "chatbot.like": "Godt svar",
    "chatbot.dislike": "Dårligt svar",
    "chatbot.clear": "Ryd samtalen",
    "chatbot.complete": "Færdig",
    "chatbot.copy_message": "Kopiér beskeden",
    "chatbot.copied_message": "Beskeden er kopieret",
    "dataframe.sort_column": "Sortér kolonnen",
    "dataframe.sort_ascending": "Sortér stigende",
    "dataframe.sort_descending": "Sortér faldende",
    "dataframe.clear_sort": "Fjern sorteringen",
    "dataframe.filter": "Filtrér",
    "dataframe.clear_filter": "Fjern filtrene",
    "image.image": "Billede",
    "image.remove_image": "Fjern billedet",
    "status.queue_position": "I kø: {position} af {size}",
    "blocks.connection_can_break": (
        "På en mobil kan forbindelsen blive afbrudt, når fanen ikke er i forgrunden, eller enheden går i dvale; "
        "så mister du din plads i køen."
    ),
    "blocks.long_requests_queue": "Der er mange forespørgsler i kø. Vent et øjeblik.",
    "blocks.lost_connection": "Forbindelsen blev afbrudt, da siden blev forladt. Stiller i kø igen …",
    "blocks.waiting_for_inputs": "Venter på, at filerne er uploadet. Prøv igen om et øjeblik.",
    "login.login": "Log ind",
    "login.username": "Brugernavn",
    "login.password": "Adgangskode",
    "login.incorrect_credentials": "Forkert brugernavn eller adgangskode",
}

# Gradio starts in the browser's language when it ships that language, else in English, and Danish is not among
# them. It inserts the app's head once its dictionaries are loaded and before its components mount; this script
# then switches the page to Danish with `changeLocale`, the function of Gradio's core module that its own settings
# panel calls. Text a component draws once (the upload area's prompt) needs the switch before it mounts.
HEAD = f"""<script>
(() => {{
  const core = performance.getEntriesByType("resource").map((entry) => entry.name)
    .find((url) => /\\/assets\\/core-[\\w-]+\\.js(\\?|$)/.test(url));
  if (!core) {{ console.warn("Studietur: Gradio's core module was not found; its own texts stay in English"); return; }}
  import(core).then((gradio) => gradio.changeLocale({LOCALE!r}))
    .catch((error) => console.warn("Studietur: switching Gradio to Danish failed", error));
}})();
</script>"""


def translations() -> gr.I18n:
    return gr.I18n(**{LOCALE: GRADIO_DA})
