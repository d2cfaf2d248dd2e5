package dev.chatroom.store;

/**
 * A nick registered to the identity that first authenticated with it (PROTOCOL.md section 9);
 * {@code fingerprint} is the 64 hex digits of section 3, keys are the base64 SPKIs as sent.
 */
public record Registration(String nick, String fingerprint, String encKey, String sigKey,
    long registeredAt, long lastSeen) {}
