package io.mailferry.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the load figure comes from: 1-minute load average divided by the CPUs. */
public interface LoadSource {

  /** The current load as a ratio (1.0 = every CPU busy); NaN when unknown. */
  double load();

  static LoadSource system() {
    return () -> {
      double average = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      int cpus = Runtime.getRuntime().availableProcessors();
      return average < 0 ? Double.NaN : average / cpus;
    };
  }

  /**
   * Reads the ratio from a file: an operator can hold all migrations by writing 1, and tests can
   * drive the gate. An unreadable file means "unknown".
   */
  static LoadSource file(Path path) {
    return () -> {
      try {
        return Double.parseDouble(Files.readString(path).trim());
      } catch (IOException | NumberFormatException e) {
        return Double.NaN;
      }
    };
  }
}
