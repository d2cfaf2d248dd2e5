package dev.chatroom.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes the fields of the frame types only version 2 has, in PROTOCOL.md's order. */
final class V2FrameWriter {
  private V2FrameWriter() {}

  static void writeFields(JsonGenerator g, Frame frame) throws IOException {
    if (frame instanceof Frame.Challenge c) {
      g.writeStringField("nonce", c.nonce());
    } else if (frame instanceof Frame.Auth a) {
      g.writeStringField("signature", a.signature());
    } else if (frame instanceof Frame.Ready r) {
      g.writeStringField("nick", r.nick());
      FrameWriter.strings(g, "rooms", r.rooms());
    } else if (frame instanceof Frame.Part p) {
      g.writeStringField("room", p.room());
    } else if (frame instanceof Frame.Parted p) {
      g.writeStringField("room", p.room());
    } else if (frame instanceof Frame.Presence p) {
      g.writeStringField("room", p.room());
      g.writeStringField("nick", p.nick());
      g.writeBooleanField("online", p.online());
    } else if (frame instanceof Frame.Synced s) {
      g.writeStringField("room", s.room());
      g.writeNumberField("seq", s.seq());
    } else if (frame instanceof Frame.Delivery d) {
      g.writeStringField("room", d.room());
      g.writeNumberField("seq", d.seq());
      g.writeFieldName("frame");
      g.writeStartObject();
      g.writeStringField("type", d.frame().type());
      FrameWriter.writeFields(g, d.frame());
      g.writeEndObject();
    } else if (frame instanceof Frame.SenderKey k) {
      header(g, k.id(), k.room(), k.from(), k.sent(), k.epoch(), k.index());
      FrameWriter.encryptedKeys(g, k.encryptedKeys());
      g.writeStringField("signature", k.signature());
    } else if (frame instanceof Frame.GroupMessage m) {
      header(g, m.id(), m.room(), m.from(), m.sent(), m.epoch(), m.index());
      g.writeStringField("encrypted_message", m.encryptedMessage());
      g.writeStringField("signature", m.signature());
    }
  }

  private static void header(JsonGenerator g, String id, String room, String from, long sent,
                             String epoch, long index) throws IOException {
    g.writeStringField("id", id);
    g.writeStringField("room", room);
    g.writeStringField("from", from);
    g.writeNumberField("sent", sent);
    g.writeStringField("epoch", epoch);
    g.writeNumberField("index", index);
  }
}
