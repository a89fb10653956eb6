"""The indicators observatory: sourced statistics of trade, transit, energy and cooperation.

Every value carries its source; conflicting figures sit side by side with their status (actual,
provisional, estimate, forecast, target) and definition. Pure Python: no database needed.
"""
