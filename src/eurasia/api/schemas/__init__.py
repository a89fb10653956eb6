"""Request and response schemas of the HTTP API, one module per pillar.

Each resource has a family of models (``Create``, ``Update``, ``Public``, ``ListPublic`` with
``data`` and ``count``, a subclass of :class:`~eurasia.api.schemas.listing.Listing`); ``Public``
models are read from store rows with ``Model.model_validate(row, from_attributes=True)``. Class
names are the schema names in the OpenAPI document, so a rename is a change of the published
interface.
"""
