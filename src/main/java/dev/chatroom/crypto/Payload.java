package dev.chatroom.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The plaintext of a message (PROTOCOL.md section 5 step 2): {@code {"text":...}} plus
 * {@code "action":true} for a /me line and {@code "private":true} for a private message.
 */
public record Payload(String text, boolean action, boolean isPrivate) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Payload {
    if (text == null) {
      throw new IllegalArgumentException("a payload needs text");
    }
  }

  public static Payload text(String text) {
    return new Payload(text, false, false);
  }

  /** UTF-8 JSON; false flags are left out, as the protocol's example does. */
  public byte[] encode() {
    ObjectNode node = JSON.createObjectNode().put("text", text);
    if (action) {
      node.put("action", true);
    }
    if (isPrivate) {
      node.put("private", true);
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON object of strings and booleans always encodes", e);
    }
  }

  /** Strict on the named fields' types, silent about unknown fields (forward compatibility). */
  public static Payload decode(byte[] json) throws CryptoException {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new CryptoException("The message payload is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      throw new CryptoException("The message payload is not a JSON object.");
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isTextual()) {
      throw new CryptoException("The message payload has no \"text\" string.");
    }
    return new Payload(text.asText(), flag(node, "action"), flag(node, "private"));
  }

  private static boolean flag(JsonNode node, String name) throws CryptoException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new CryptoException("The message payload's \"" + name + "\" is not true or false.");
    }
    return value.booleanValue();
  }
}
