"""``invoke check``: the inconsistencies a reviewer would find, before the report goes out.

One module per family of rules; each has ``check(subject)`` yielding findings. ``runner``
loads a report and runs them all (``check_report``); ``findings`` holds what they found and
formats it. The package itself imports nothing: a build loads the rules only once its
conversions run, and a caller that only prints findings never loads them.
"""
