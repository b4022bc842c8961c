"""The processes that fingerprint and index: a Redis Stream in, the live index out.

`wirecopy ingest FILE` feeds the stream (:mod:`workers.stream`); any number of
`wirecopy worker` processes (:mod:`workers.worker`) read it through one consumer
group, on any number of machines.
"""
