package io.mailferry.restore.application;

import io.mailferry.config.MailferryConfig;
import io.mailferry.restore.archive.ArchiveLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/** The {@code mailferry.restore.*} settings, with their defaults. */
@ApplicationScoped
public class RestoreSettings {

  @Inject MailferryConfig config;

  /** The largest upload accepted (bytes); larger ones are answered 413. */
  public long maxUploadBytes() {
    return Long.parseLong(config.restoreSetting("max-upload-bytes", String.valueOf(2L << 30)));
  }

  public ArchiveLimits limits() {
    return new ArchiveLimits(
        Long.parseLong(config.restoreSetting("max-entries", "1000000")),
        Long.parseLong(config.restoreSetting("max-uncompressed-bytes", String.valueOf(10L << 30))),
        Long.parseLong(config.restoreSetting("max-ratio", "100")));
  }

  /** Where uploads are unpacked; not the migration spool, whose leftovers go at each start. */
  public Path spoolRoot() {
    return Path.of(
        config.restoreSetting(
            "spool-dir",
            Path.of(System.getProperty("java.io.tmpdir"), "mailferry-restore").toString()));
  }

  /** The datasource of the old server's users table, for a server-to-server move. */
  public String oldUsersDatasource() {
    return config.restoreSetting("old-sql.datasource", "");
  }

  /** Reads the old hash: {@code :userid}, {@code :domain}, {@code :email} are bound. */
  public String oldUsersSelect() {
    return config.restoreSetting(
        "old-sql.select", "SELECT password FROM users WHERE userid = :userid AND domain = :domain");
  }

  public int chunkMessages() {
    return config.chunkMessages();
  }

  public MailferryConfig config() {
    return config;
  }
}
