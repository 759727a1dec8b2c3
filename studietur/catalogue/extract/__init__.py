"""A trip catalogue read from a prepared document by fixed rules (no model): trips, visits, proposed destinations.

The rules follow how such reports are written:

- a travel report names its trip in the title ("… studietur til Boston og New York City"), gives the dates in a
  sentence ("d. 8.-13./10 2023", "den 3.-10. oktober 2014"), lists the committee members with party letters
  ("Andreas Keil (A)") and the officials with their titles, one per line or in one sentence (`trips`, `people`);
- each visit is a heading ("10. GREYSTON BAKERY") followed by "Tidspunkt:", "Adresse:" and "Eksterne:" fields
  and a "Fokus/formål" part (`visits`); the "Eksterne:" field is a run of "Name, role" pairs (`externals`);
- a proposals document groups destinations under "STUDIETUR I DANMARK", "EUROPÆISK STUDIETUR" and "OVERSØISK
  STUDIETUR"; a destination line reads "Tallinn, Estland: headline" or "Toronto, Canada", and its suggested places
  are bullets ("• Jobcenter Silkeborg") followed by a one-line description (`proposals`).

Everything is read from the cleaned text, and each record keeps the ids of the chunks overlapping its source text.
A document written differently gives partial records or none: each record is parsed on its own and a failure is
logged at debug level and skipped, never raised.
"""

from __future__ import annotations

import logging

from studietur.catalogue.extract.document import SourceDocument, guarded
from studietur.catalogue.extract.proposals import extract_proposals
from studietur.catalogue.extract.trips import extract_trips
from studietur.catalogue.extract.visits import extract_visits, visit_headings
from studietur.catalogue.model import DocumentCatalogue
from studietur.core.types import PreparedDocument

logger = logging.getLogger(__name__)


def extract_catalogue(prepared: PreparedDocument) -> DocumentCatalogue:
    """Trips, visits and proposed destinations of one document; empty lists where it has none."""
    doc = SourceDocument(prepared)
    headings = guarded("visit headings", prepared.doc, lambda: visit_headings(doc), [])
    trips = guarded("trip", prepared.doc, lambda: extract_trips(doc, has_visits=bool(headings)), [])
    trip = trips[0] if trips else None
    visits = guarded("visits", prepared.doc, lambda: extract_visits(doc, headings, trip), [])
    proposals = guarded("proposals", prepared.doc, lambda: extract_proposals(doc), [])
    logger.debug("%s: %d trips, %d visits, %d proposals", prepared.doc, len(trips), len(visits), len(proposals))
    return DocumentCatalogue(prepared.doc, trips, visits, proposals)
