package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.AuthChallenge;
import dev.chatroom.protocol.Frame;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an idle, authenticated version 2 member keeps on the relay's heap (issue 12, "Memory":
 * no more than a version 1 connection). Structural, not a byte count: a fresh session holds no
 * collection, no hello and no answered challenge, its rooms in an array of exactly their number,
 * and a room of one costs the indexes no set or hash map. Numbers: {@code bench --idle 10000 --protocol 2}.
 */
class V2SessionFootprintTest extends V2RelayTestBase {

  /** Everything the test looks at, read on the relay's event loop. */
  private record Seen(V2Session alice, String canonicalAlice, Object soloIndex, Object soloLocal, Object opsLocal) {}

  @Test
  void anIdleMemberHoldsNoEagerCollections() throws Exception {
    // a cold first start (class loading, key parsing) may take over the base's 10 s on a loaded machine
    relay = RelayServer.start(vertx, config().build()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    V2Peer alice = authenticated("alice");
    alice.join("solo");
    alice.join("ops");
    V2Peer bob = authenticated("bob");
    bob.join("ops");

    Seen seen = relay.inspectV2(v2 -> {
      V2Session s = null;
      for (V2Session each : v2.sessions()) {
        s = each.nick().equals("alice") ? each : s;
      }
      return new Seen(s, v2.rooms().canonicalNick("alice"), valueIn(v2.rooms(), "membersByRoom", "solo"),
          valueIn(relayLocalRooms(v2), "byRoom", "solo"), valueIn(relayLocalRooms(v2), "byRoom", "ops"));
    }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    V2Session session = seen.alice();
    assertNotNull(session, "alice's session");
    assertTrue(session.authenticated());
    assertNoCollections(session);
    assertNoCollections(session.connection());
    assertNoCollections(field(session.connection(), "output"));

    SessionRooms rooms = (SessionRooms) field(session, "rooms");
    assertEquals(List.of("ops", "solo"), rooms.names());
    assertEquals(2, ((Object[]) field(rooms, "cursors")).length, "the rooms array holds exactly the rooms");
    for (RoomCursor cursor : rooms.all()) {
      assertNoCollections(cursor);
    }
    assertNull(field(session.connection(), "errorLog"), "no error yet, so no error throttle");

    // the session's nick is the membership index's String, not a second copy
    assertSame(seen.canonicalAlice(), session.nick());
    // a room of one: the index holds the nick alone, the local rooms an immutable map of one
    assertInstanceOf(String.class, seen.soloIndex());
    assertFalse(seen.soloLocal() instanceof HashMap, "a room of one is not a HashMap: " + seen.soloLocal().getClass());
    assertEquals(1, ((Map<?, ?>) seen.soloLocal()).size());
    assertEquals(2, ((Map<?, ?>) seen.opsLocal()).size());
  }

  private static LocalRooms relayLocalRooms(V2Relay v2) {
    return ((RelayCore) field(v2, "core")).localRooms();
  }

  /** No instance field (of {@code o}'s own class) holds a collection, a map, a frame or a challenge. */
  private static void assertNoCollections(Object o) {
    for (Field f : o.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      Object value = get(f, o);
      String where = o.getClass().getSimpleName() + "." + f.getName();
      assertFalse(value instanceof Collection || value instanceof Map, where + " holds a " + (value == null ? "" : value.getClass()));
      assertFalse(value instanceof Frame || value instanceof AuthChallenge, where + " still holds " + value);
      if (value instanceof Object[] array) {
        assertTrue(array.length <= 4, where + " has " + array.length + " slots on an idle connection");
      }
    }
  }

  private static Object valueIn(Object owner, String mapField, String key) {
    return ((Map<?, ?>) field(owner, mapField)).get(key);
  }

  private static Object field(Object o, String name) {
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
      try {
        return get(c.getDeclaredField(name), o);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new AssertionError(o.getClass().getSimpleName() + " has no field " + name);
  }

  private static Object get(Field f, Object o) {
    try {
      f.setAccessible(true);
      return f.get(o);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
