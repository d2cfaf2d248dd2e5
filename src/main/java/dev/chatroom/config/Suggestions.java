package dev.chatroom.config;

import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for misspelt setting names. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The setting whose path is closest to {@code unknown} (a path, or an env/sysprop name with its
   * prefix removed), if it is close enough to be a plausible typo.
   */
  static Optional<Setting> closest(String unknown) {
    String u = squash(unknown);
    Setting best = null;
    int bestScore = Integer.MAX_VALUE;
    for (Setting candidate : Setting.values()) {
      int score = score(u, squash(candidate.path), leaf(unknown).equals(leaf(candidate.path)));
      if (score < bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    int allowed = Math.max(2, u.length() / 4);
    return bestScore <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Lower-case letters and digits only, so camelCase, kebab-case and snake_case compare equal. */
  private static String squash(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String leaf(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.substring(lower.lastIndexOf('.') + 1);
  }

  private static int score(String unknown, String candidate, boolean sameLeaf) {
    if (unknown.equals(candidate)) return 0;
    // "idle_timeout" for "idle_timeout_seconds", "members" for "cluster.members"
    if (unknown.length() >= 4 && (candidate.startsWith(unknown) || candidate.endsWith(unknown))) return 1;
    int distance = levenshtein(unknown, candidate);
    return sameLeaf ? Math.min(distance, 2) : distance;
  }

  private static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
