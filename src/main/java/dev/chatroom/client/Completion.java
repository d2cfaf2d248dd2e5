package dev.chatroom.client;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;

/** Tab completion: command words at the start of a line, nicks elsewhere. */
final class Completion {
  private Completion() {}

  static Completer of(ChatClient client) {
    return (r, parsed, candidates) -> {
      if (parsed.wordIndex() == 0 && parsed.word().startsWith("/")) {
        Command.WORDS.forEach(w -> candidates.add(new Candidate(w)));
        WindowInput.WORDS.forEach(w -> candidates.add(new Candidate(w)));
        return;
      }
      List<String> nicks = client.roster().nicks();
      for (String n : nicks) {
        // At the start of a line "bob: " addresses bob; elsewhere just the nick.
        boolean first = parsed.wordIndex() == 0;
        candidates.add(new Candidate(first ? n + ":" : n, n, null, null, null, null, true));
      }
    };
  }
}
