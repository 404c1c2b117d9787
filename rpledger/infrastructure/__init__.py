"""Infrastructure: settings, persistence wiring for the event store and the SQL read models."""
