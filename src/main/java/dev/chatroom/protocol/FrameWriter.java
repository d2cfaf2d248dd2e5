package dev.chatroom.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes a frame's fields after its {@code type}, in the order PROTOCOL.md shows them. A record's
 * version 2 fields are written only when set, so a version 1 frame's bytes are what version 1 wrote.
 */
final class FrameWriter {
  private FrameWriter() {}

  static void writeFields(JsonGenerator g, Frame frame) throws IOException {
    if (frame instanceof Frame.Hello h) {
      g.writeNumberField("version", h.version());
      g.writeStringField("nick", h.nick());
      if (h.room() != null) {
        g.writeStringField("room", h.room());
      }
      g.writeStringField("enc_key", h.encKey());
      g.writeStringField("sig_key", h.sigKey());
      if (h.since() != null) {
        g.writeObjectFieldStart("since");
        for (Map.Entry<String, Long> e : h.since().entrySet()) {
          g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
    } else if (frame instanceof Frame.Welcome w) {
      welcome(g, w);
    } else if (frame instanceof Frame.Joined j) {
      if (j.room() != null) {
        g.writeStringField("room", j.room());
      }
      g.writeStringField("nick", j.nick());
      g.writeStringField("enc_key", j.encKey());
      g.writeStringField("sig_key", j.sigKey());
      if (j.version() != null) {
        g.writeNumberField("version", j.version());
      }
    } else if (frame instanceof Frame.Left l) {
      if (l.room() != null) {
        g.writeStringField("room", l.room());
      }
      g.writeStringField("nick", l.nick());
    } else if (frame instanceof Frame.Join j) {
      g.writeStringField("room", j.room());
    } else if (frame instanceof Frame.RoomList r) {
      g.writeArrayFieldStart("rooms");
      for (Frame.RoomInfo info : r.rooms()) {
        g.writeStartObject();
        g.writeStringField("room", info.room());
        g.writeNumberField("members", info.members());
        g.writeEndObject();
      }
      g.writeEndArray();
    } else if (frame instanceof Frame.Message m) {
      g.writeStringField("id", m.id());
      g.writeStringField("room", m.room());
      g.writeStringField("from", m.from());
      g.writeNumberField("sent", m.sent());
      g.writeStringField("encrypted_message", m.encryptedMessage());
      encryptedKeys(g, m.encryptedKeys());
      g.writeStringField("signature", m.signature());
    } else if (frame instanceof Frame.Ack a) {
      g.writeStringField("id", a.id());
      if (a.room() != null) {
        g.writeStringField("room", a.room());
        g.writeNumberField("seq", a.seq());
      }
      strings(g, "missing", a.missing());
    } else if (frame instanceof Frame.Error e) {
      g.writeStringField("code", e.code());
      g.writeStringField("message", e.message());
      if (e.id() != null) {
        g.writeStringField("id", e.id());
      }
      if (e.room() != null) {
        g.writeStringField("room", e.room());
      }
    } else {
      V2FrameWriter.writeFields(g, frame);
    }
    // RoomsRequest, Ping, Pong, Quit carry only their type.
  }

  private static void welcome(JsonGenerator g, Frame.Welcome w) throws IOException {
    boolean v2 = w.seq() != null;
    if (v2) {
      g.writeStringField("room", w.room());
      g.writeStringField("nick", w.nick());
      g.writeNumberField("seq", w.seq());
    } else {
      g.writeStringField("nick", w.nick());
      g.writeStringField("room", w.room());
    }
    g.writeArrayFieldStart("members");
    for (Frame.Member m : w.members()) {
      g.writeStartObject();
      g.writeStringField("nick", m.nick());
      g.writeStringField("enc_key", m.encKey());
      g.writeStringField("sig_key", m.sigKey());
      if (v2) {
        g.writeNumberField("version", m.version());
        g.writeBooleanField("online", m.online());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static void encryptedKeys(JsonGenerator g, Map<String, String> keys) throws IOException {
    g.writeObjectFieldStart("encrypted_keys");
    for (Map.Entry<String, String> e : keys.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }
}
