from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.crypto import CryptoError, Vault, decode_secret, generate_secret, sandbox_secret


def test_round_trip_and_randomised_ciphertexts() -> None:
    vault = Vault.from_secret(generate_secret())
    first = vault.encrypt("паспортымды алып қойды", "message.text")
    second = vault.encrypt("паспортымды алып қойды", "message.text")
    assert first != second
    assert "паспорт".encode() not in first
    assert vault.decrypt(first, "message.text") == "паспортымды алып қойды"


def test_a_ciphertext_only_opens_for_its_purpose_and_key() -> None:
    secret = generate_secret()
    sealed = Vault.from_secret(secret).encrypt("42", "chat_id")
    with pytest.raises(CryptoError):
        Vault.from_secret(secret).decrypt(sealed, "message.text")
    with pytest.raises(CryptoError):
        Vault.from_secret(generate_secret()).decrypt(sealed, "chat_id")
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(CryptoError):
        Vault.from_secret(secret).decrypt(tampered, "chat_id")


def test_chat_keys_are_stable_keyed_and_distinct() -> None:
    secret = generate_secret()
    assert Vault.from_secret(secret).chat_key(1234) == Vault.from_secret(secret).chat_key(1234)
    assert Vault.from_secret(secret).chat_key(1234) != Vault.from_secret(secret).chat_key(1235)
    assert Vault.from_secret(secret).chat_key(1234) != Vault.from_secret(
        generate_secret()
    ).chat_key(1234)
    # A real chat id is ten digits or more: four would turn up in a random key one time in a
    # thousand, ten practically never.
    assert "5551234567" not in Vault.from_secret(secret).chat_key(5551234567)


@pytest.mark.parametrize("secret", ["", "short", "!!!not base64!!!"])
def test_weak_or_malformed_secrets_are_refused(secret: str) -> None:
    with pytest.raises(CryptoError, match="SENIM_SECRET_KEY"):
        decode_secret(secret)


def test_the_sandbox_key_is_private_and_kept(tmp_path: Path) -> None:
    first = sandbox_secret(tmp_path / "data")
    mode = stat.S_IMODE((tmp_path / "data" / "sandbox-secret.key").stat().st_mode)
    assert mode == 0o600
    assert sandbox_secret(tmp_path / "data") == first
    decode_secret(first)
