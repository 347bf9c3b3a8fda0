"""The database: models, sessions, repositories and migrations. Every query lives here."""
