"""The dated rule layer: sanctions, bans, sea-lane diversions, tariffs and harmonisation.

``table`` reads and checks a rule file (``data/rules.csv``); ``effects`` turns the rules in force
on a date, for one cargo (its origin and destination countries and commodity), into closed
edges, perceived penalties, through-tariff factors and harmonised crossings, the same way for
routing, assignment and scenarios.
"""
