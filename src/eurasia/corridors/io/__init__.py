"""Files in and out.

The bundled dataset (read, checked, written), network exports with the one GeoJSON builder, and the
TNTP formats.

Modules: ``dataset``, ``export``, ``tntp``, ``tntp_tables``, ``tntp_network``.
"""
