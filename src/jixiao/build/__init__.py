"""Building: one report through every stage (``report``), many at once (``batch``), the
stamps that skip unchanged reports (``stamp``), and all-or-nothing outputs (``outputs``)."""
