#!/usr/bin/python3
"""Writes vectors.json: PROTOCOL.md section 12 (sender keys) computed independently of the Java
code, with python3-cryptography. Everything is fixed (CK_0, epoch, ids, times, Fernet IVs,
the Ed25519 seed, the OAEP seeds), so running it again writes the same file.
Run from this folder: /usr/bin/python3 generate.py"""
import base64, hashlib, hmac, json, struct
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, padding as sympad, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CK0 = bytes(range(0x00, 0x20))
EPOCH = "00112233445566778899aabbccddeeff"
ROOM, FROM = "lobby", "alice"
ED_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RSA_PEM = "../../fixtures/keys/python-plain/rsa.pem"   # public part wraps, private part checks
FERNET_TIME = 1764130000
PAYLOAD = json.dumps({"text": "Grüße, sender keys!"}, ensure_ascii=False,
                     separators=(",", ":")).encode()
MESSAGE_INDEXES = [0, 1, 2, 17]
SENDER_KEY_INDEX = 17
RECIPIENTS = ["bob", "Carol", "_dave"]          # byte order: Carol, _dave, bob

def b64(b): return base64.b64encode(b).decode()
def b64url(b): return base64.urlsafe_b64encode(b).decode()

def hmac256(key, data): return hmac.new(key, data, hashlib.sha256).digest()

def chain(ck0, upto):
    """[(CK_i, MK_i)] for i in 0..upto."""
    out, ck = [], ck0
    for _ in range(upto + 1):
        out.append((ck, hmac256(ck, b"\x01")))
        ck = hmac256(ck, b"\x02")
    return out

def fernet(key32, plaintext, ts, iv):
    """Fernet spec 0x80 by hand (the library draws its own IV): sign half first, then encrypt half."""
    signing, encryption = key32[:16], key32[16:]
    padder = sympad.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    enc = Cipher(algorithms.AES(encryption), modes.CBC(iv)).encryptor()
    body = b"\x80" + struct.pack(">Q", ts) + iv + enc.update(padded) + enc.finalize()
    return b64url(body + hmac256(signing, body))

def mgf1(seed, length):
    out, counter = b"", 0
    while len(out) < length:
        out += hashlib.sha256(seed + struct.pack(">I", counter)).digest()
        counter += 1
    return out[:length]

def oaep_encrypt(pub, message, seed):
    """RFC 8017 7.1.1 with SHA-256, MGF1-SHA-256, empty label and a fixed seed (for repeatability)."""
    n, e = pub.public_numbers().n, pub.public_numbers().e
    k, h = (n.bit_length() + 7) // 8, hashlib.sha256(b"").digest()
    db = h + b"\x00" * (k - len(message) - 2 * 32 - 2) + b"\x01" + message
    masked_db = bytes(a ^ b for a, b in zip(db, mgf1(seed, k - 33)))
    masked_seed = bytes(a ^ b for a, b in zip(seed, mgf1(masked_db, 32)))
    em = b"\x00" + masked_seed + masked_db
    return pow(int.from_bytes(em, "big"), e, n).to_bytes(k, "big")

ed = Ed25519PrivateKey.from_private_bytes(ED_SEED)
ed_spki = ed.public_key().public_bytes(serialization.Encoding.DER,
                                       serialization.PublicFormat.SubjectPublicKeyInfo)
rsa = serialization.load_pem_private_key(open(RSA_PEM, "rb").read(), None)
oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
keys = chain(CK0, max(MESSAGE_INDEXES + [SENDER_KEY_INDEX]))

messages = []
for i in MESSAGE_INDEXES:
    ck, mk = keys[i]
    iv = hashlib.sha256(b"fernet-iv-%d" % i).digest()[:16]
    token = fernet(mk, PAYLOAD, FERNET_TIME, iv)
    assert Fernet(b64url(mk).encode()).decrypt(token.encode()) == PAYLOAD  # the library agrees
    msg_id = "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f%d" % (i % 10)
    sent = 1764130000123 + i
    lines = ["chatroom-v2-group", ROOM, FROM, msg_id, str(sent), EPOCH, str(i), token]
    signed = "\n".join(lines).encode()
    messages.append({
        "index": i, "chain_key": ck.hex(), "message_key": mk.hex(),
        "next_chain_key": keys[i + 1][0].hex() if i + 1 < len(keys) else hmac256(ck, b"\x02").hex(),
        "fernet_key": b64url(mk), "fernet_iv": iv.hex(), "fernet_time": FERNET_TIME,
        "token": token,
        "frame": {"type": "group_message", "id": msg_id, "room": ROOM, "from": FROM,
                  "sent": sent, "epoch": EPOCH, "index": i, "encrypted_message": token,
                  "signature": b64(ed.sign(signed))},
        "signing_input_b64": b64(signed)})

ck17 = keys[SENDER_KEY_INDEX][0]
wrapped = {}
for nick in RECIPIENTS:
    ct = oaep_encrypt(rsa.public_key(), ck17, hashlib.sha256(b"oaep-seed-" + nick.encode()).digest())
    assert rsa.decrypt(ct, oaep) == ck17          # the library agrees with the hand-made OAEP
    wrapped[nick] = b64(ct)
order = sorted(wrapped, key=lambda n: n.encode())
sk_id, sk_sent = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", 1764130000100
lines = ["chatroom-v2-sender-key", ROOM, FROM, sk_id, str(sk_sent), EPOCH, str(SENDER_KEY_INDEX)]
lines += ["%s:%s" % (n, wrapped[n]) for n in order]
signed = "\n".join(lines).encode()
sender_key = {
    "recipient_order": order,
    "frame": {"type": "sender_key", "id": sk_id, "room": ROOM, "from": FROM, "sent": sk_sent,
              "epoch": EPOCH, "index": SENDER_KEY_INDEX,
              "encrypted_keys": {n: wrapped[n] for n in order},
              "signature": b64(ed.sign(signed))},
    "signing_input_b64": b64(signed)}

out = {
    "description": "chatroom PROTOCOL.md section 12 sender-key vectors, written by generate.py",
    "chain_key_0": CK0.hex(), "epoch": EPOCH, "room": ROOM, "from": FROM,
    "ed25519_seed": ED_SEED.hex(), "ed25519_spki_b64": b64(ed_spki),
    "rsa_private_key": "fixtures/keys/python-plain/rsa.pem",
    "payload_utf8_b64": b64(PAYLOAD),
    "messages": messages, "sender_key": sender_key}
with open("vectors.json", "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
