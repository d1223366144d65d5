"""Data quality of the databases: the method's versions (`methods`) and arithmetic (`rules`),
the evidence recorded, verified and adjusted (`services`, `permissions`, `api`), and the
scores as of a date (`selectors`). The models stay in `registry.models.quality`; nothing is
imported here, so the models can import `choices` without a cycle."""
