"""Energy export routes: how crude oil, natural gas and uranium leave Kazakhstan.

What lives here (domain only: files in, numbers out; no HTTP, no web):

- :mod:`~eurasia.corridors.energy.units` -- commodities, their canonical units (Mt, bcm, tU) and
  conversions (Mt vs bcm vs tU never convert into each other).
- :mod:`~eurasia.corridors.energy.dataset` -- the bundled network (nodes, assets, capacities by
  year, routes, background loads, parameters, sources), read and checked in one pass.
- :mod:`~eurasia.corridors.energy.flows` -- export volumes by route and year, stored as indicator
  observations (``indicators/data/energy_exports.csv``), and OWID production read from
  ``shared/data/owid``.
- :mod:`~eurasia.corridors.energy.dependence` -- shares by route, direction and transit country,
  the Herfindahl-Hirschman index, and N-1 per route and asset.
- :mod:`~eurasia.corridors.energy.allocation` -- the min-cost reallocation LP
  (``scipy.optimize.linprog``) of displaced volume onto spare capacity.
- :mod:`~eurasia.corridors.energy.scenarios` -- scenario YAML files (outages, expansions,
  sanctions) and their results.
- :mod:`~eurasia.corridors.energy.validation` -- bundled shares against published figures.
- :mod:`~eurasia.corridors.energy.charts` -- flows and dependence charts.
- :mod:`~eurasia.corridors.energy.freight` -- the freight "dependence on one direction" index
  beside the energy one.
"""
