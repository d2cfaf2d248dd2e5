package dev.chatroom.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The relay's fast path: checks a {@code message} frame in one streaming pass without building
 * a tree or a String for its large encrypted fields. It only ever says "valid, here is the
 * header" or "not sure": anything unusual (another type, an unknown or repeated field, any error)
 * returns null and the caller decodes the frame fully, which yields the exact protocol error.
 * Repeated keys are caught twice: by the codec's parser (strict duplicate detection, which
 * throws) and by the checks below, so a parser built without that feature still never vouches.
 */
final class MessageScanner {
  private static final int SIGNATURE_BYTES = 64;

  private String type;
  private String id;
  private String room;
  private String from;
  private long sent;
  private boolean hasSent;
  private boolean hasToken;
  private List<String> recipients;
  private String signature;

  private MessageScanner() {}

  static MessageHeader scan(JsonFactory json, byte[] buf, int offset, int length) {
    try (JsonParser p = json.createParser(buf, offset, length)) {
      return new MessageScanner().read(p);
    } catch (IOException | RuntimeException e) {
      return null; // let the full decoder name the problem
    }
  }

  private MessageHeader read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Set<String> seen = new HashSet<>(16);
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      if (!seen.add(name) || !field(name, p.nextToken(), p)) {
        return null;
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
      return null;
    }
    boolean valid = "message".equals(type) && id != null && FrameReader.isUuid(id)
        && Names.isValidRoom(room) && Names.isValidNick(from) && hasSent && hasToken
        && recipients != null && !recipients.isEmpty() && signature != null && isSignature(signature);
    if (!valid) {
      return null;
    }
    Collections.sort(recipients);
    for (int i = 1; i < recipients.size(); i++) {
      if (recipients.get(i).equals(recipients.get(i - 1))) {
        return null; // a repeated recipient; found by the sort we need anyway, not a second set
      }
    }
    return new MessageHeader(id, room, from, sent, recipients);
  }

  /** Takes one known field; false for anything the fast path does not vouch for. */
  private boolean field(String name, JsonToken token, JsonParser p) throws IOException {
    switch (name) {
      case "type": type = text(token, p); return type != null;
      case "id": id = text(token, p); return id != null;
      case "room": room = text(token, p); return room != null;
      case "from": from = text(token, p); return from != null;
      case "signature": signature = text(token, p); return signature != null;
      case "sent":
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return false;
        }
        sent = p.getLongValue();
        hasSent = true;
        return true;
      case "encrypted_message":
        // decoded into the parser's buffer (so bad UTF-8 is caught) but never made a String
        hasToken = token == JsonToken.VALUE_STRING && p.getTextLength() > 0;
        return hasToken;
      case "encrypted_keys":
        return token == JsonToken.START_OBJECT && keys(p);
      default:
        return false; // unknown fields are legal; the full decoder handles them
    }
  }

  private boolean keys(JsonParser p) throws IOException {
    recipients = new ArrayList<>();
    for (String nick = p.nextFieldName(); nick != null; nick = p.nextFieldName()) {
      if (!Names.isValidNick(nick) || p.nextToken() != JsonToken.VALUE_STRING) {
        return false;
      }
      p.getTextLength(); // validates the wrapped key's UTF-8 without a String
      recipients.add(nick);
    }
    return p.currentToken() == JsonToken.END_OBJECT;
  }

  private static String text(JsonToken token, JsonParser p) throws IOException {
    return token == JsonToken.VALUE_STRING ? p.getText() : null;
  }

  private static boolean isSignature(String b64) {
    try {
      return Base64.getDecoder().decode(b64).length == SIGNATURE_BYTES;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
