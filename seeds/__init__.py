"""The bundled annotations (package data)."""
