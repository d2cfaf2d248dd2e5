package dev.chatroom.crypto.senderkey;

/** Everything the sender-key layer persists for one identity: my chains and others'. */
public record SenderKeyState(SenderChains mine, ReceiverKeys others) {
  public static SenderKeyState empty() {
    return new SenderKeyState(new SenderChains(), new ReceiverKeys());
  }
}
