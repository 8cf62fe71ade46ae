"""Demo data: a deterministic, Kerman-province-flavoured data set for demos, tests and benchmarks.

- :mod:`pishkhan.demo.generator` — the pure generator (``DemoSpec``, ``DemoGenerator``,
  ``demo_users``): plain records (:mod:`pishkhan.demo.records`), same seed ⇒ identical data.
- :mod:`pishkhan.demo.loader` — ``load_demo_data(engine, subscribers=…, seed=…, config=…)``
  writes it into the local store (a million subscribers in one go).

Demo users (usernames ``operator``, ``clerk``, ``manager``, ``admin``) all sign in with the
password ``pishkhan``; an existing user of the same name keeps its own password.
"""
