package dev.chatroom.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Whom the output budget cuts: as few readers as it takes, counting each shared line once. */
class OutputBudgetTest {
  private final OutputBudget budget = new OutputBudget(Long.MAX_VALUE);

  /** A reader whose socket holds {@code own} bytes of its own and one write per shared line. */
  private record Reader(String name, long own, List<SharedLine> lines) implements OutputBudget.Queued {
    @Override
    public long queuedBytes() { return own + lines.stream().mapToLong(SharedLine::length).sum(); }

    @Override
    public long ownQueuedBytes() { return own; }

    @Override
    public void forEachSharedLine(Consumer<SharedLine> each) { lines.forEach(each); }

    @Override
    public String toString() { return name; }
  }

  /** A line of {@code bytes} (its newline included) that every one of {@code holders} has queued. */
  private SharedLine line(int bytes, int holders) {
    SharedLine line = new SharedLine(Buffer.buffer(new byte[bytes - 1]));
    for (int i = 0; i < holders; i++) {
      line.handedToSocket(budget);
    }
    return line;
  }

  private static Reader reader(String name, long own, SharedLine... lines) {
    return new Reader(name, own, List.of(lines));
  }

  private static long total(List<Reader> readers, long shared) {
    return readers.stream().mapToLong(Reader::own).sum() + shared;
  }

  @Test
  void ownBytesOnlyTheLargestGoFirstUntilTheRestFits() {
    List<Reader> all = List.of(reader("idle", 0), reader("fast", 10), reader("slow", 500), reader("slower", 900),
        reader("ok", 40));
    assertEquals(List.of(), OutputBudget.victims(all, 1450, 1450));
    assertEquals("[slower]", OutputBudget.victims(all, 1450, 1000).toString());
    assertEquals("[slower, slow]", OutputBudget.victims(all, 1450, 500).toString());
    assertEquals("[slower, slow, ok, fast]", OutputBudget.victims(all, 1450, 0).toString());
  }

  @Test
  void theReaderWhoseCutFreesTheMostGoesNotTheOneWithTheLongestQueue() {
    SharedLine alone = line(500, 1);
    SharedLine shared = line(900, 4);
    List<Reader> all = new ArrayList<>(List.of(reader("alone", 0, alone)));
    for (int i = 0; i < 4; i++) {
      all.add(reader("behind" + i, 10, shared)); // 910 queued each, but cutting one frees 10
    }
    long total = total(all, 500 + 900);
    assertEquals("[alone]", OutputBudget.victims(all, total, 1000).toString());
  }

  @Test
  void readersBehindOnTheSameLinesAreCutTogetherInOneCheck() {
    SharedLine shared = line(900, 4);
    List<Reader> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.add(reader("behind" + i, 10, shared));
    }
    // freeing the line takes all four: cutting one would free 10 bytes and leave the budget over
    assertEquals(4, OutputBudget.victims(all, total(all, 900), 500).size());
    assertEquals(List.of(), OutputBudget.victims(all, total(all, 900), 940));
  }

  @Test
  void aCutTheOthersMadeNeedlessIsSpared() {
    SharedLine shared = line(1000, 2);
    List<Reader> all = List.of(reader("alone", 100), reader("behind0", 0, shared), reader("behind1", 0, shared));
    // "alone" frees the most by itself and is chosen first, but the pair alone brings 1,100 to 100
    assertEquals("[behind0, behind1]", OutputBudget.victims(all, 1100, 150).toString());
    assertEquals("[alone, behind0, behind1]", OutputBudget.victims(all, 1100, 50).toString());
  }

  @Test
  void aLineSomeoneStillHoldsIsNotCountedFreed() {
    SharedLine heldByAReaderNotInTheList = line(1000, 2); // say, a connection already closing
    List<Reader> all = List.of(reader("behind", 5, heldByAReaderNotInTheList), reader("other", 300));
    assertEquals("[other, behind]", OutputBudget.victims(all, 1305, 1000).toString());
  }
}
