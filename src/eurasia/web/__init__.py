"""The web app: server-rendered pages (Jinja2 + htmx), translatable, with bundled assets only.

See ``docs/web.md`` for the page map, the front-end build and the page weight.
"""
