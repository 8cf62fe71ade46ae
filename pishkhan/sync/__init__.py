"""Sync with the central system: the API contract (``schemas``) and the desk's client
(``client``: outbox push, subscriber feed pull; ``tokens``, ``lock``, ``backoff``)."""
