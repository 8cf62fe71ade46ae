"""Sync with the central system: the API contract (``schemas``) and the desk's client
(``client``; ``push`` and ``documents`` send the outbox, ``pull`` applies the subscriber feed;
``wire`` classifies calls; ``tokens``, ``lock``, ``backoff``)."""
