package dev.chatroom.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatroom.crypto.Identity;
import dev.chatroom.crypto.Payload;
import dev.chatroom.crypto.TestIdentities;
import dev.chatroom.crypto.senderkey.GroupRejected;
import dev.chatroom.crypto.senderkey.GroupSealer;
import dev.chatroom.crypto.senderkey.SenderChain;
import dev.chatroom.crypto.senderkey.SenderKeyStore;
import dev.chatroom.protocol.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sender keys (PROTOCOL.md section 12) end to end: the real relay in this JVM, real clients in
 * child JVMs, and scripted members that open what they get with the sender-key core.
 */
class GroupChatTest extends ClientTestBase {

  private GroupPeer peer(String nick, String room) throws Exception {
    GroupPeer p = new GroupPeer(nick, TestIdentities.fresh());
    closeables.add(p);
    p.connect(port());
    p.join(room);
    return p;
  }

  @Test
  @Timeout(150)
  void aVersion2RoomSendsGroupMessagesLateJoinersReadFromTheirJoinAndAPartedMemberNotAfter() throws Exception {
    GroupPeer pat = peer("pat", "ops");
    ChatProcess alice = chat("alice", "--room", "ops");
    alice.awaitErr("joined ops as alice; here: pat");
    ChatProcess bob = chat("bob", "--room", "ops");
    bob.awaitErr("joined ops as bob; here: alice, pat");
    alice.awaitErr("bob joined");

    alice.type("hello group");
    bob.awaitOut("alice: hello group");
    Frame.GroupMessage first = pat.nextGroupMessage();
    assertEquals("hello group", pat.open(first));
    assertEquals(0, first.index());

    GroupPeer late = peer("late", "ops");
    alice.awaitErr("late joined");
    alice.type("second");
    Frame.GroupMessage second = late.nextGroupMessage();
    assertEquals("second", late.open(second), "a late joiner gets the chain at the current index");
    assertEquals(first.epoch(), second.epoch(), "a join is no reason for a new epoch");
    assertEquals(1, second.index());
    assertEquals("second", pat.open(pat.nextGroupMessage()));

    pat.part("ops");
    alice.awaitErr("pat left");
    alice.type("after pat");
    Frame.GroupMessage third = late.nextGroupMessage();
    assertEquals("after pat", late.open(third));
    assertNotEquals(first.epoch(), third.epoch(), "a departure starts a new epoch");
    assertEquals(GroupRejected.Reason.UNKNOWN_EPOCH, pat.refusal(third), "the parted member holds no key for it");
    bob.awaitOut("alice: hello group", "alice: second", "alice: after pat");

    bob.type("from bob");
    alice.awaitOut("bob: from bob");
    alice.type("/who");
    alice.awaitErr("sender key held");
    alice.awaitErr("no sender key yet"); // late never sent a line
    assertEquals(0, alice.finish());
    assertEquals(0, bob.finish());
    assertEquals(0, bob.errCount("could not be decrypted"));
  }

  @Test
  @Timeout(150)
  void aRoomWithAVersion1MemberGetsMessageFramesAndGroupMessagesOnceItLeft() throws Exception {
    GroupPeer pat = peer("pat", "mix");
    ChatProcess alice = chat("alice", "--room", "mix");
    alice.awaitErr("joined mix as alice; here: pat");
    ChatProcess carol = chat("carol", "--protocol", "1", "--room", "mix");
    alice.awaitErr("carol joined");

    alice.type("for everyone");
    carol.awaitOut("alice: for everyone");
    Frame.Message m = assertInstanceOf(Frame.Message.class, pat.nextDelivered(), "a version 1 member reads no sender keys");
    assertTrue(m.encryptedKeys().containsKey("carol") && m.encryptedKeys().containsKey("pat"), m.toString());

    assertEquals(0, carol.finish());
    alice.awaitErr("carol left");
    alice.type("group now");
    assertEquals("group now", pat.open(pat.nextGroupMessage()), "decided per line from the current members");
    alice.type("/msg pat just you");
    Frame.Message privately = assertInstanceOf(Frame.Message.class, pat.nextDelivered(), "/msg stays a message");
    assertEquals(1, privately.encryptedKeys().size());
    assertEquals(0, alice.finish());
  }

  @Test
  @Timeout(180)
  void aRestartOfSenderOrReceiverKeepsTheirSenderKeyState() throws Exception {
    GroupPeer pat = peer("pat", "ops");
    ChatProcess alice = chat("alice", "--room", "ops");
    alice.awaitErr("joined ops as alice; here: pat");
    ChatProcess bob = chat("bob", "--room", "ops");
    alice.awaitErr("bob joined");
    alice.type("one");
    bob.awaitOut("alice: one");
    Frame.GroupMessage one = pat.nextGroupMessage();
    assertEquals(0, bob.finish());
    alice.awaitErr("bob is away");
    alice.type("two");
    assertEquals("two", pat.open(pat.nextGroupMessage()));
    assertEquals(0, alice.finish());
    assertTrue(Files.exists(temp.resolve("alice").resolve(SenderKeyStore.FILE)));

    ChatProcess alice2 = ChatProcess.start(port(), "alice", temp.resolve("alice"), "--room", "ops");
    closeables.add(alice2);
    alice2.awaitErr("joined ops as alice");
    alice2.type("three");
    Frame.GroupMessage three = pat.nextGroupMessage();
    assertEquals("three", pat.open(three));
    assertEquals(one.epoch(), three.epoch(), "the restarted sender goes on in its epoch");
    assertEquals(2, three.index(), "and never uses an index twice");
    assertEquals(1, pat.senderKeys, "a holder is not sent the chain again");
    assertEquals(0, alice2.finish());

    ChatProcess bob2 = ChatProcess.start(port(), "bob", temp.resolve("bob"), "--room", "ops");
    closeables.add(bob2);
    bob2.awaitOut("alice: two", "alice: three"); // from the chain bob saved before his restart
    bob2.awaitErr("caught up in ops: 2 messages while away");
    assertEquals(0, bob2.finish());
    assertEquals(0, bob2.errCount("could not be decrypted"));
  }

  @Test
  @Timeout(120)
  void messagesWhoseKeyNeverArrivedAreOneWarningPerSenderAndEpoch() throws Exception {
    ChatProcess alice = chat("alice", "--room", "ops");
    alice.awaitErr("joined ops as alice");
    GroupPeer dan = peer("dan", "ops");
    alice.awaitErr("dan joined");
    assertEquals(0, alice.finish());

    SenderChain never = SenderChain.start("ops", Clock.systemUTC()); // its sender_key is never sent
    GroupSealer sealer = new GroupSealer();
    for (String text : new String[] {"lost one", "lost two"}) {
      dan.send(sealer.seal(dan.id, "dan", never, Payload.text(text)));
      dan.nextAck();
    }
    ChatProcess again = ChatProcess.start(port(), "alice", temp.resolve("alice"), "--room", "ops");
    closeables.add(again);
    again.awaitErr("2 messages from dan could not be decrypted: dan's key for this room never reached this device.");
    again.type("/who");
    again.awaitErr("SENDER KEY MISSING");
    assertEquals(0, again.finish());
    assertEquals(1, again.errCount("could not be decrypted"), "one warning, not one per message");
    assertEquals(0, again.out().size());
  }
}
