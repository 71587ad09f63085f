package io.mailferry.migration.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpoolDirectoriesTest {

  @Test
  void aSpoolIsPrivateToItsUser() throws Exception {
    Path spool = SpoolDirectories.create(4242);
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)))
          .isEqualTo("rwx------");
    } finally {
      SpoolDirectories.delete(spool);
    }
  }

  @Test
  void whatACrashLeftIsRemovedAndALiveSpoolIsKept() throws Exception {
    Path left = SpoolDirectories.create(4243);
    Files.writeString(left.resolve("msg-1.eml"), "Subject: plain mail\r\n\r\nbody\r\n");
    Files.setLastModifiedTime(left, FileTime.from(Instant.now().minusSeconds(3600)));
    Path live = SpoolDirectories.create(4244);
    try {
      int removed = SpoolDirectories.removeLeftovers(Instant.now().minusSeconds(60));

      assertThat(removed).isGreaterThanOrEqualTo(1);
      assertThat(left).doesNotExist();
      assertThat(live).isDirectory();
    } finally {
      SpoolDirectories.delete(live);
      SpoolDirectories.delete(left);
    }
  }
}
