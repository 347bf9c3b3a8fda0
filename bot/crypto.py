"""Encryption at rest and keyed hashes of Telegram ids.

Message texts, raw updates and chat ids are stored only as AES-256-GCM ciphertexts. Rows are found
by an HMAC-SHA256 of the chat id instead of the id itself, so a copy of the database alone reveals
neither who wrote nor what. Both keys are derived from the one secret in ``SENIM_SECRET_KEY``
with HKDF, so the two uses never share a key.

A ciphertext starts with a format byte and a 4-byte key id, so that rotating the secret later can
keep reading rows written under an older key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MIN_SECRET_BYTES = 32
_FORMAT = b"\x01"
_NONCE_BYTES = 12
_KEY_ID_BYTES = 4


class CryptoError(Exception):
    """A secret is malformed, or a ciphertext cannot be opened with the keys at hand."""


def generate_secret() -> str:
    """Return a new random secret, base64-encoded, for ``SENIM_SECRET_KEY``."""
    return base64.urlsafe_b64encode(secrets.token_bytes(MIN_SECRET_BYTES)).decode("ascii")


def decode_secret(secret: str) -> bytes:
    """Decode a base64 secret and check that it is long enough."""
    try:
        raw = base64.urlsafe_b64decode(secret.strip().encode("ascii") + b"==")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise CryptoError(
            "SENIM_SECRET_KEY: expected base64 text (`senim keygen` prints one)"
        ) from None
    if len(raw) < MIN_SECRET_BYTES:
        raise CryptoError(
            f"SENIM_SECRET_KEY: expected at least {MIN_SECRET_BYTES} random bytes, base64-encoded "
            "(`senim keygen` prints one)"
        )
    return raw


def sandbox_secret(data_dir: Path) -> str:
    """Read the sandbox's own secret from the data folder, creating it (mode 0600) if missing.

    Only the local sandbox does this; a real deployment must bring its own key, kept apart from
    the database it protects.
    """
    path = data_dir / "sandbox-secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(generate_secret())
    return path.read_text(encoding="ascii").strip()


class Vault:
    """Encrypts, decrypts and computes keyed hashes, with keys derived from one secret."""

    def __init__(self, secret: bytes) -> None:
        self._aead = AESGCM(_derive(secret, b"senim/aes-gcm/v1"))
        self._hash_key = _derive(secret, b"senim/hmac-sha256/v1")
        self._key_id = hashlib.sha256(self._hash_key).digest()[:_KEY_ID_BYTES]

    @classmethod
    def from_secret(cls, secret: str) -> Vault:
        """Build a vault from the base64 secret in ``SENIM_SECRET_KEY``."""
        return cls(decode_secret(secret))

    def encrypt(self, plaintext: str, purpose: str) -> bytes:
        """Encrypt text. ``purpose`` (e.g. ``"message.text"``) is bound to the ciphertext, so a
        value copied into another column does not decrypt there."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), purpose.encode("ascii"))
        return _FORMAT + self._key_id + nonce + sealed

    def decrypt(self, ciphertext: bytes, purpose: str) -> str:
        """Decrypt what :meth:`encrypt` produced for the same purpose."""
        header = len(_FORMAT) + _KEY_ID_BYTES
        if ciphertext[:1] != _FORMAT or ciphertext[1:header] != self._key_id:
            raise CryptoError("ciphertext was written with another key or format")
        nonce = ciphertext[header : header + _NONCE_BYTES]
        try:
            opened = self._aead.decrypt(
                nonce, ciphertext[header + _NONCE_BYTES :], purpose.encode("ascii")
            )
        except InvalidTag:
            raise CryptoError("ciphertext is damaged or belongs to another purpose") from None
        return opened.decode("utf-8")

    def chat_key(self, chat_id: int) -> str:
        """The keyed hash that stands for a Telegram chat id in every lookup."""
        return self.key_of(str(chat_id))

    def key_of(self, name: str) -> str:
        """The keyed hash of an identifier (a chat id, or a chat id with a case's number)."""
        digest = hmac.new(self._hash_key, name.encode("utf-8"), hashlib.sha256)
        return digest.hexdigest()


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)
