package io.bpfjit.jit.internal;

/**
 * The planted bug every filter compiled from now on gets: a test hook for the fuzzer's own tests,
 * in a package the module does not export. Global to the JVM, {@link PlantedBug#NONE} by default.
 */
public final class FaultInjection {
  private static volatile PlantedBug planted = PlantedBug.NONE;

  private FaultInjection() {}

  /** Compiles {@code bug} into every filter until the next call ({@code NONE} to stop). */
  public static void plant(PlantedBug bug) {
    if (bug == null) {
      throw new NullPointerException("bug");
    }
    planted = bug;
  }

  /** The bug planted now. */
  public static PlantedBug planted() {
    return planted;
  }
}
