/**
 * The relay's durable state behind one interface, {@link dev.chatroom.store.RelayStore}:
 * registrations, memberships and stored frames (PROTOCOL.md sections 9-11), on SQLite
 * ({@code sqlite:PATH}, the default) or PostgreSQL ({@code postgresql://...}, for a cluster).
 *
 * <p>Durability: an append's future completes only after its transaction committed. SQLite runs
 * in WAL mode with {@code synchronous=FULL}: the WAL is fsynced at every commit, so an acked seq
 * survives kill -9 and power loss (NORMAL would survive kill -9 only); group commit (one
 * transaction for every write waiting, see {@code SqliteWriter}) pays one fsync per batch.
 *
 * <p>Recipients: a message or sender_key is for the nicks it names (stored per frame); a
 * group_message for every version 2 member but the sender when it was stored, kept as no rows
 * at all: each membership records the room's seq when it began ({@code joinSeq}), so "a member
 * at store time" is "a member now with joinSeq below the frame's seq".
 *
 * <p>Memory: nothing here caches members or frames; the relay asks for pages
 * ({@link dev.chatroom.store.RelayStore#members}, {@link dev.chatroom.store.RelayStore#read}) so
 * that an offline member costs the relay no heap and a catch-up holds one page at a time.
 */
package dev.chatroom.store;
