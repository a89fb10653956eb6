"""The network model.

:class:`~eurasia.corridors.network.model.Network` (CSR arrays), its code lists (modes, gauges,
statuses, node kinds, transfer types, corridors), the dataset records and their checks, place names
and edge costs.

Modules: ``codes``, ``columns``, ``model``, ``records``, ``validation``, ``names``, ``costs``.
"""
