/**
 * Sender keys (PROTOCOL.md section 12): constant-size group messages with forward secrecy
 * within an epoch. The cryptographic core only; the client wires it in like this.
 *
 * <p>Sending a line in a room where every member is version 2:
 * <ol>
 *   <li>{@link RotationPolicy#reason} on the room's {@link SenderChain} (none yet, a holder
 *       left, changed or untrusted keys, 1,000 messages, 7 days): if it names a reason,
 *       {@link SenderChains#rotate}.</li>
 *   <li>{@link KeyDistribution#needingKey}: if anyone, send every frame of
 *       {@link GroupSealer#distribute} first (the relay keeps per-sender order).</li>
 *   <li>{@link GroupSealer#seal}, then {@link SenderKeyStore#save}, then send: an index is
 *       never used twice, even across a crash.</li>
 * </ol>
 * On {@code left}/{@code parted}: {@link SenderChains#memberDeparted}.
 *
 * <p>Receiving: {@link GroupOpener#accept} for {@code sender_key}, {@link GroupOpener#open}
 * for {@code group_message} (each verifies the signature before touching any state), the
 * state saved after changes, and {@link MissingKeys#takeWarnings} shown e.g. after a room's
 * {@code synced}.
 */
package dev.chatroom.crypto.senderkey;
