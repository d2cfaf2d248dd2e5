package dev.chatroom.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Nicks registered to identities (PROTOCOL.md section 9). */
class RegistrationStoreTest extends StoreFixture {
  static Registration alice(long at) {
    return new Registration("alice", "1".repeat(64), "enc-a", "sig-a", at, at);
  }

  static Registration mallory(long at) {
    return new Registration("alice", "2".repeat(64), "enc-m", "sig-m", at, at);
  }

  @StoreContract
  void firstIdentityOwnsTheNick(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    assertEquals(Optional.empty(), await(store.registration("alice")));
    assertEquals(RegisterOutcome.REGISTERED, await(store.register(alice(T0))));
    assertEquals(RegisterOutcome.SAME_IDENTITY, await(store.register(alice(T0 + 5))));
    assertEquals(RegisterOutcome.OTHER_IDENTITY, await(store.register(mallory(T0 + 9))));
    Registration kept = await(store.registration("alice")).orElseThrow();
    assertEquals(new Registration("alice", "1".repeat(64), "enc-a", "sig-a", T0, T0 + 5), kept);
  }

  @StoreContract
  void twoIdentitiesRacingForANickGetOneWinner(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    List<Future<RegisterOutcome>> race = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      race.add(store.register(i % 2 == 0 ? alice(T0) : mallory(T0)));
    }
    await(Future.all(race));
    assertEquals(1, race.stream().filter(f -> f.result() == RegisterOutcome.REGISTERED).count());
    String winner = await(store.registration("alice")).orElseThrow().fingerprint();
    for (int i = 0; i < race.size(); i++) {
      boolean same = (i % 2 == 0 ? alice(T0) : mallory(T0)).fingerprint().equals(winner);
      assertEquals(same, race.get(i).result() != RegisterOutcome.OTHER_IDENTITY);
    }
  }

  @StoreContract
  void touchUpdatesRegistrationAndMemberships(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    await(store.register(alice(T0)));
    join(store, "lobby", "alice");
    await(store.touch("alice", T0 + 42));
    assertEquals(T0 + 42, await(store.registration("alice")).orElseThrow().lastSeen());
    assertEquals(T0 + 42, await(store.membership("lobby", "alice")).orElseThrow().lastSeen());
  }

  @StoreContract
  void operatorRemovalFreesTheNickAndEndsItsMemberships(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    await(store.register(alice(T0)));
    join(store, "lobby", "alice");
    assertTrue(await(store.removeRegistration("alice")));
    assertFalse(await(store.removeRegistration("alice")));
    assertEquals(List.of(), await(store.roomsOf("alice")));
    assertEquals(RegisterOutcome.REGISTERED, await(store.register(mallory(T0 + 1))));
  }

  @StoreContract
  void unusedRegistrationsLapse(StoreBackend backend) throws Exception {
    RelayStore store = fresh(backend);
    await(store.register(alice(T0)));
    await(store.register(new Registration("bob", "3".repeat(64), "e", "s", T0, T0)));
    join(store, "lobby", "alice", "bob");
    await(store.touch("bob", T0 + 1_000));
    assertEquals(List.of("alice"), await(store.expireRegistrations(T0 + 500)));
    assertEquals(Optional.empty(), await(store.registration("alice")));
    assertEquals(List.of(), await(store.roomsOf("alice")));
    assertTrue(await(store.registration("bob")).isPresent());
    assertEquals(RegisterOutcome.REGISTERED, await(store.register(mallory(T0 + 2_000))));
  }
}
