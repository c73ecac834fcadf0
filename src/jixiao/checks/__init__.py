"""``invoke check``: the inconsistencies a reviewer would find, before the report goes out.

One module per family of rules; each has ``check(subject)`` yielding findings. ``runner``
loads a report and runs them all; ``findings`` formats what they found.
"""

from jixiao.checks.findings import Finding
from jixiao.checks.runner import check_report, has_errors

__all__ = ["Finding", "check_report", "has_errors"]
