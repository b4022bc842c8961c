"""The HTTP API: post an article, get the report. `wirecopy serve` runs it.

:func:`service.app.create_app` builds the FastAPI application from
:class:`service.settings.ServiceSettings`; routes live in :mod:`service.routes`.
"""
