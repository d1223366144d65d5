"""Data sharing between bodies: requests for a database's data, the provider's grant or
justified refusal, the competent authority's decision, deadlines, and the public register of
refusals. The rules themselves are plain functions in `nq57.registry.sharing_rules`."""
