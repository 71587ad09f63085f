package io.mailferry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layering the code relies on, read from the sources' imports. */
class PackageDependenciesTest {

  private static final Path MAIN = Path.of("src/main/java/io/mailferry");

  private static List<String> importsOf(String pkg) throws IOException {
    try (Stream<Path> files = Files.list(MAIN.resolve(pkg.replace('.', '/')))) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream()
                      .filter(line -> line.startsWith("import io.mailferry."))
                      .map(line -> f.getFileName() + ": " + line);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  @Test
  void theMigrationDomainKnowsNoServerProtocolNoPersistenceAndNoScreen() throws IOException {
    assertThat(importsOf("migration.domain"))
        .noneMatch(
            line ->
                line.matches(
                    ".*import io\\.mailferry\\.(imap|source|destination|web|ops|migration\\.application|migration\\.persistence)\\..*"));
  }

  @Test
  void theEnginesPortsDoNotReachIntoTheAdaptersConnections() throws IOException {
    assertThat(importsOf("migration.application.port"))
        .noneMatch(line -> line.contains("source.imap") || line.contains("ImapDestination"));
  }
}
