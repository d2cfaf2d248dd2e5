package dev.chatroom.client;

import dev.chatroom.crypto.senderkey.MemberView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's other members as the sender-key rules see them, copied on the event loop so that
 * sealing off it never reads a roster that is changing. {@code views} holds only members whose
 * keys parse (the others can hold nothing); {@code allVersion2} decides group or per-recipient.
 */
record RoomMembers(List<MemberView> views, Map<String, MemberView> byNick, int size, boolean allVersion2) {
  static RoomMembers of(Roster roster) {
    List<MemberView> views = new ArrayList<>();
    Map<String, MemberView> byNick = new LinkedHashMap<>();
    boolean v2 = true;
    for (Roster.Member m : roster.all()) {
      Integer version = roster.version(m.nick());
      v2 &= version != null && version >= 2;
      if (m.keys() != null) {
        MemberView v = new MemberView(m.keys(), m.trusted()); // neither changed nor left unpinned
        views.add(v);
        byNick.put(m.nick(), v);
      }
    }
    return new RoomMembers(Collections.unmodifiableList(views), Collections.unmodifiableMap(byNick),
        roster.size(), v2);
  }
}
