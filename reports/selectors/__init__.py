"""Build the quarterly report's content for (commission, start, end) from the records.

One job per module, in the order of the document:

- ``periods``: the commission's quarters and the report's ordinal;
- ``data``: every read, a fixed number of queries whatever the size of the data;
- ``context``, ``wording``: what the sections share (links, footnotes, plurals, names);
- ``cover``, ``introduction``, ``sessions`` (I), ``accords`` (II), ``results`` (III, with
  ``results_liaison``, ``results_agreements`` and ``results_outreach``): the sections;
- ``figures``: the headline figures (the report's and the dashboard's);
- ``build``: the whole report (``report_content``) or only its figures;
- ``checklist``: what looks incomplete before generating;
- ``changes``: what changed since an issued version;
- ``texts``: the draft's editable texts, their placeholders checked and filled;
- ``draft``: the draft editor's placeholders with their values, and its live preview;
- ``agreement_report``, ``annual_report``: the other kinds of report (``REPORT_KINDS``);
  ``kinds``: any kind's content from what a stored row says (the render queue's worker,
  issuing, the changes since an issue).
"""

from reports.selectors.build import report_content, report_figures
from reports.selectors.changes import ReportChanges, report_changes
from reports.selectors.checklist import ChecklistItem, report_checklist
from reports.selectors.texts import DRAFT_TEXTS, PLACEHOLDERS, DraftTexts, draft_texts
from reports.selectors.wording import EMPTY_LINE, PLACEHOLDER

__all__ = [
    "DRAFT_TEXTS",
    "EMPTY_LINE",
    "PLACEHOLDER",
    "PLACEHOLDERS",
    "ChecklistItem",
    "DraftTexts",
    "ReportChanges",
    "draft_texts",
    "report_changes",
    "report_checklist",
    "report_content",
    "report_figures",
]
