"""The registry's pages, one module per part (databases, quality, sharing, readiness)."""
