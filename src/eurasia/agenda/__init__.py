"""The cooperation agenda: recurring events, their synchronisation, and programmes ↔ projects.

Modules
-------
``model``            events, overrides, instances, programmes, projects (plain dataclasses)
``zones``            IANA zone resolution (Windows names, vendor prefixes) and the tz database check
``recurrence``       expansion of events into instances over a window (recurring-ical-events)
``ical``             RFC 5545 import (files, URLs) with documented interpretations, and export
``sync``             clash detection, co-scheduling suggestions, the annual calendar with its gaps
``classifications``  bundled ISCO-08 and ISCED-F 2013 titles
``matching``         programmes matched to projects' workforce needs; the year-by-year gap report
``seed``             the bundled, partly illustrative seed data
"""

from __future__ import annotations

__all__: list[str] = []
