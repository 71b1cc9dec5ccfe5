import pytest

from redrider.core.pii import blind_index, decrypt, encrypt, mask_id_number, mask_phone


def test_encryption_round_trips_and_hides_the_plaintext():
    token = encrypt("51010419900101123X")
    assert "51010419900101123X" not in token
    assert decrypt(token) == "51010419900101123X"


def test_each_encryption_uses_a_fresh_nonce():
    assert encrypt("13800000001") != encrypt("13800000001")


def test_tampered_ciphertext_is_rejected():
    token = encrypt("13800000001")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        decrypt(tampered)


def test_blind_index_is_stable_normalised_and_purpose_bound():
    assert blind_index("51010419900101123x", purpose="id") == blind_index(
        " 51010419900101123X", purpose="id"
    )
    assert blind_index("13800000001", purpose="id") != blind_index("13800000001", purpose="phone")


def test_masks_follow_the_design():
    assert mask_id_number("51010419900101123X") == "510***********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("") == ""
