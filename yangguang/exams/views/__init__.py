"""Staff pages: the contest dashboard, bank, grading (seal codes only) and the final's host console.

One module per sub-domain; `urls.py` and `public_views` keep importing the views from here.
"""

from .bank import bank, bank_export
from .dashboard import ACTIONS, candidates, exam_detail, exam_do, home, results
from .finals import final_console
from .grading import grading
from .papers import paper_docx, paper_for, sheets_docx, sheets_key
from .setup import exam_new, exam_setup

__all__ = [
    "ACTIONS",
    "bank",
    "bank_export",
    "candidates",
    "exam_detail",
    "exam_do",
    "exam_new",
    "exam_setup",
    "final_console",
    "grading",
    "home",
    "paper_docx",
    "paper_for",
    "results",
    "sheets_docx",
    "sheets_key",
]
