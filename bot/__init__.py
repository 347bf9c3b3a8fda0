"""Senim: an anti-trafficking hotline and Telegram chatbot for labour migrants in Kazakhstan."""

LANGUAGES: tuple[str, ...] = ("kk", "ru", "uz", "ky", "en")
"""Every language the service speaks. Migrant-facing text exists in all of them; the order is
the order of the language buttons."""

MIGRANT_LANGUAGES: tuple[str, ...] = ("kk", "ru", "uz", "ky")
"""The languages the rights content and the screening lexicons are written for; `en` is there for
operators and for visitors who read none of these."""
