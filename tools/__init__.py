"""Scripts for development: a throw-away PostgreSQL, Chromium for browser tests and screenshots."""
