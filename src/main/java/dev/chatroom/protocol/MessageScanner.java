package dev.chatroom.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The relay's fast path: checks a {@code message}, {@code group_message} or {@code sender_key}
 * frame in one streaming pass without building a tree or a String for its large encrypted
 * fields. It only ever says "valid, here is the header" or "not sure": anything unusual (another
 * type, an unknown, repeated or misplaced field, any error) returns null and the caller decodes
 * the frame fully, which yields the exact protocol error. Repeated keys are caught twice: by the
 * codec's parser (strict duplicate detection, which throws) and by the checks below, so a parser
 * built without that feature still never vouches.
 */
final class MessageScanner {
  private static final int SIGNATURE_CHARS = 88; // 64 bytes in padded base64
  private static final int EPOCH_CHARS = 32;

  // one bit per known field: a repeat, or a field the type does not have, means "not sure"
  private static final int TYPE = 1, ID = 1 << 1, ROOM = 1 << 2, FROM = 1 << 3, SENT = 1 << 4,
      TOKEN = 1 << 5, KEYS = 1 << 6, SIGNATURE = 1 << 7, EPOCH = 1 << 8, INDEX = 1 << 9;
  private static final int COMMON = TYPE | ID | ROOM | FROM | SENT | SIGNATURE;
  private static final int MESSAGE_FIELDS = COMMON | TOKEN | KEYS;
  private static final int GROUP_FIELDS = COMMON | EPOCH | INDEX | TOKEN;
  private static final int SENDER_KEY_FIELDS = COMMON | EPOCH | INDEX | KEYS;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final byte[] buf;
  private final int offset;
  private final boolean ascii; // no byte of the line is above 0x7f: its strings hold no UTF-8 to validate
  private int seen;
  private String type;
  private String id;
  private String room;
  private String from;
  private long sent;
  private String epoch;
  private boolean tokenIsBase64Url; // group_message: its Fernet token, checked in place
  private boolean keysAreBase64; // sender_key: every wrapped chain, checked in place
  private List<String> recipients;
  private boolean hasSignature;

  private MessageScanner(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.offset = offset;
    this.ascii = isAscii(buf, offset, length);
  }

  static MessageHeader scan(JsonFactory json, byte[] buf, int offset, int length) {
    try (JsonParser p = json.createParser(buf, offset, length)) {
      return new MessageScanner(buf, offset, length).read(p);
    } catch (IOException | RuntimeException e) {
      return null; // let the full decoder name the problem
    }
  }

  private MessageHeader read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      if (!field(name, p.nextToken(), p)) {
        return null;
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || type == null) {
      return null;
    }
    boolean common = FrameReader.isUuid(id) && Names.isValidRoom(room) && Names.isValidNick(from)
        && hasSignature;
    if (!common) {
      return null;
    }
    switch (type) {
      case "message":
        return seen == MESSAGE_FIELDS && sortedUnique() ? header(null) : null;
      case "group_message":
        return seen == GROUP_FIELDS && tokenIsBase64Url ? header(List.of()) : null;
      case "sender_key":
        return seen == SENDER_KEY_FIELDS && keysAreBase64 && sortedUnique() ? header(null) : null;
      default:
        return null;
    }
  }

  private MessageHeader header(List<String> named) {
    return new MessageHeader(type, id, room, from, sent, epoch, named != null ? named : recipients);
  }

  /** Sorts the recipients; false for none or a repeat (found by the sort we need anyway). */
  private boolean sortedUnique() {
    if (recipients.isEmpty()) {
      return false;
    }
    Collections.sort(recipients);
    for (int i = 1; i < recipients.size(); i++) {
      if (recipients.get(i).equals(recipients.get(i - 1))) {
        return false;
      }
    }
    return true;
  }

  /** Takes one known field; false for anything the fast path does not vouch for. */
  private boolean field(String name, JsonToken token, JsonParser p) throws IOException {
    int bit = bitOf(name);
    if (bit == 0 || (seen & bit) != 0) {
      return false; // unknown fields are legal, repeated ones are not: the full decoder says which
    }
    seen |= bit;
    switch (bit) {
      case TYPE: type = text(token, p); return type != null;
      case ID: id = text(token, p); return id != null;
      case ROOM: room = text(token, p); return room != null;
      case FROM: from = text(token, p); return from != null;
      case SIGNATURE:
        hasSignature = token == JsonToken.VALUE_STRING
            && isPaddedSignature(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        return hasSignature;
      case EPOCH: epoch = text(token, p); return epoch != null && isEpoch(epoch);
      case SENT:
        if (!isLong(token, p)) {
          return false;
        }
        sent = p.getLongValue();
        return true;
      case INDEX:
        return isLong(token, p) && p.getLongValue() >= 0; // routing does not need its value
      case TOKEN:
        if (token == JsonToken.VALUE_STRING && ascii && "message".equals(type)) {
          return !isEmptyString(p); // skipped like the wrapped keys: only its emptiness matters
        }
        // decoded into the parser's buffer (so bad UTF-8 is caught) but never made a String
        if (token != JsonToken.VALUE_STRING || p.getTextLength() == 0) {
          return false;
        }
        tokenIsBase64Url = !"message".equals(type)
            && FrameFields.isBase64Url(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        return true;
      case KEYS:
        return token == JsonToken.START_OBJECT && keys(p);
      default:
        return false;
    }
  }

  private static int bitOf(String name) {
    switch (name) {
      case "type": return TYPE;
      case "id": return ID;
      case "room": return ROOM;
      case "from": return FROM;
      case "sent": return SENT;
      case "encrypted_message": return TOKEN;
      case "encrypted_keys": return KEYS;
      case "signature": return SIGNATURE;
      case "epoch": return EPOCH;
      case "index": return INDEX;
      default: return 0;
    }
  }

  private boolean keys(JsonParser p) throws IOException {
    recipients = new ArrayList<>();
    boolean base64 = !"message".equals(type); // a message's wrapped keys are any string
    // an ASCII message's wrapped keys need no UTF-8 check: the parser skips them (escapes and
    // control characters checked as when decoding) and they are never decoded into chars
    boolean skip = ascii && "message".equals(type);
    for (String nick = p.nextFieldName(); nick != null; nick = p.nextFieldName()) {
      if (!Names.isValidNick(nick) || p.nextToken() != JsonToken.VALUE_STRING) {
        return false;
      }
      if (skip) {
        recipients.add(nick);
        continue;
      }
      // validates the wrapped key's UTF-8 without a String; sender_key also wants base64
      int length = p.getTextLength();
      base64 = base64 && length > 0 && isPaddedBase64(p.getTextCharacters(), p.getTextOffset(), length);
      recipients.add(nick);
    }
    keysAreBase64 = base64;
    return p.currentToken() == JsonToken.END_OBJECT;
  }

  /** The string value just read, not yet decoded, is "": the parser stands right after its opening quote. */
  private boolean isEmptyString(JsonParser p) {
    long at = p.currentLocation().getByteOffset(); // from the start of this line's bytes
    return at < 0 || buf[offset + (int) at] == '"';
  }

  /** True when no byte has its high bit set (read eight at a time). */
  static boolean isAscii(byte[] a, int offset, int length) {
    int end = offset + length;
    int i = offset;
    long any = 0;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      any |= (long) LONGS.get(a, i);
    }
    for (; i < end; i++) {
      any |= a[i]; // a byte above 0x7f sign-extends: its high bits are set
    }
    return (any & HIGH_BITS) == 0;
  }

  private static boolean isLong(JsonToken token, JsonParser p) throws IOException {
    return token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
  }

  private static String text(JsonToken token, JsonParser p) throws IOException {
    return token == JsonToken.VALUE_STRING ? p.getText() : null;
  }

  /** What {@link FrameFields#epoch} accepts: 32 lowercase hex digits. */
  static boolean isEpoch(String s) {
    if (s.length() != EPOCH_CHARS) {
      return false;
    }
    for (int i = 0; i < EPOCH_CHARS; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Canonical padded standard base64 (a multiple of 4, '=' only at the end, at most two): a strict
   * subset of what {@link java.util.Base64#getDecoder()} accepts, so a yes here is a yes there; unpadded or
   * odd forms go to the full decoder.
   */
  static boolean isPaddedBase64(char[] a, int offset, int length) {
    if (length == 0 || length % 4 != 0) {
      return false;
    }
    int end = offset + length;
    int pad = a[end - 1] == '=' ? (a[end - 2] == '=' ? 2 : 1) : 0;
    for (int i = offset; i < end - pad; i++) {
      char c = a[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A 64-byte signature in its padded form (86 base64 characters and "=="): a strict subset of
   * what {@link FrameFields#isBase64OfLength} accepts, checked without decoding or a String.
   */
  static boolean isPaddedSignature(char[] a, int offset, int length) {
    return length == SIGNATURE_CHARS && a[offset + length - 1] == '=' && a[offset + length - 2] == '='
        && isPaddedBase64(a, offset, length);
  }
}
