"""Shared API kit below the apps: problem+json errors, camelCase wire format, strict JSON
parsing, field helpers and the API-Version header. Apps import these; this never imports apps."""
