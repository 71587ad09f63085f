package io.mailferry.destination.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswdFileTest {

  @TempDir Path dir;

  @Test
  void lineLeavesUidGidAndHomeToDovecot() {
    assertThat(PasswdFile.line("alice@example.org", "{SHA512-CRYPT}$6$salt$hash"))
        .isEqualTo("alice@example.org:{SHA512-CRYPT}$6$salt$hash:::::");
  }

  @Test
  void lineRefusesWhatWouldBreakTheFormat() {
    assertThatThrownBy(() -> PasswdFile.line("a:b@example.org", "{PLAIN}x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswdFile.line("alice@example.org", "{PLAIN}a:b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswdFile.line("alice@example.org", "{PLAIN}a\nroot::0:0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addAppendsOnceAndKeepsOtherLinesAndTheFileMode() throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(users, "# accounts\nbob@example.org:{PLAIN}x:::::\n");
    Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r-----"));
    PasswdFile file = new PasswdFile(users);

    assertThat(file.add("alice@example.org", "{SHA512-CRYPT}$6$a$b")).isTrue();
    assertThat(file.add("ALICE@example.org", "{SHA512-CRYPT}$6$c$d")).isFalse();

    assertThat(Files.readAllLines(users))
        .containsExactly(
            "# accounts",
            "bob@example.org:{PLAIN}x:::::",
            "alice@example.org:{SHA512-CRYPT}$6$a$b:::::");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users)))
        .isEqualTo("rw-r-----");
    assertThat(file.contains("alice@example.org")).isTrue();
    assertThat(file.contains("carol@example.org")).isFalse();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("users", "users.lock");
    }
  }

  @Test
  void addCreatesAMissingFile() throws Exception {
    Path users = dir.resolve("new-users");

    new PasswdFile(users).add("alice@example.org", "{PLAIN}x");

    assertThat(Files.readString(users)).isEqualTo("alice@example.org:{PLAIN}x:::::\n");
  }

  @Test
  void aNewFileIsReadableByItsGroupOnlyAndAnExistingOneKeepsItsMode() throws Exception {
    Path created = dir.resolve("created");
    Path strict = Files.writeString(dir.resolve("strict"), "bob@example.org:{PLAIN}x:::::\n");
    Files.setPosixFilePermissions(strict, PosixFilePermissions.fromString("rw-------"));

    new PasswdFile(created).add("alice@example.org", "{PLAIN}x");
    new PasswdFile(strict).add("alice@example.org", "{PLAIN}x");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
        .isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(strict)))
        .isEqualTo("rw-------");
    assertThat(Files.getOwner(strict)).isEqualTo(Files.getOwner(created));
  }

  @Test
  void parallelAddsLoseNoLine() throws Exception {
    Path users = dir.resolve("users");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> adds =
          IntStream.range(0, 8)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> new PasswdFile(users).add("u" + i + "@example.org", "{PLAIN}x")))
              .toList();
      for (Future<Boolean> add : adds) {
        assertThat(add.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.readAllLines(users)).hasSize(8);
  }
}
