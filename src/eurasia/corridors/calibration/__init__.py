"""The model against published figures.

The table of references (``references.csv``: door-to-door times, rates per FEU, volumes and crossing
flows, each with its source and published range, marked as calibrated on or held out), the model's
value of each, and the validation table for the CLI (``eurasia network calibrate``),
``docs/data.md`` and the web page.

Modules: ``references``, ``evaluate``, ``report``.
"""
