package dev.chatroom.protocol;

/**
 * How many seeded random cases the property and mutation tests run. {@code mvn verify} runs a
 * quarter of the long count (same generators, same seeds, same input classes: fewer repetitions);
 * {@code -Dchatroom.fuzz.long=true} runs them all, as before a release or after touching the codec.
 */
public final class FuzzBudget {
  /** Set with {@code -Dchatroom.fuzz.long=true} on the Maven command line (surefire passes it on). */
  public static final boolean LONG = Boolean.getBoolean("chatroom.fuzz.long");

  private FuzzBudget() {}

  /** {@code longCount} under {@code chatroom.fuzz.long}, else a quarter of it (at least one). */
  public static int cases(int longCount) {
    return LONG ? longCount : Math.max(1, longCount / 4);
  }
}
