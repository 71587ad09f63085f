package io.mailferry.migration.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.domain.BatchMailbox;
import io.mailferry.migration.domain.Fingerprint;
import io.mailferry.migration.domain.FolderCheckpoint;
import io.mailferry.migration.domain.MailDomain;
import io.mailferry.migration.domain.MailboxMigration;
import io.mailferry.migration.domain.MessageError;
import io.mailferry.migration.domain.MigratedMessage;
import io.mailferry.migration.domain.MigrationBatch;
import io.mailferry.migration.domain.MigrationStatus;
import io.mailferry.migration.domain.Uid;
import io.mailferry.migration.domain.UidValidity;
import io.mailferry.testing.PostgresServer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schema contract, on both databases Mailferry runs on: Flyway's scripts create exactly what
 * the entities of the "mailferry" persistence unit map, every kind of value survives a round trip,
 * and a second Flyway run changes nothing. EclipseLink runs in Java SE mode here (RESOURCE_LOCAL
 * over the test's data source, DDL generation off, as in the server).
 */
class SchemaAndEntitiesIT {

  /** Each test gets a fresh, empty database of its kind. */
  enum Database {
    H2 {
      @Override
      DataSource create() {
        // DB_CLOSE_DELAY=-1: stay open between connections (reopening the file costs ~0.3 s)
        Path dir =
            Path.of(System.getProperty("project.build.directory", "target"))
                .toAbsolutePath()
                .resolve("h2")
                .resolve("schema-" + UUID.randomUUID());
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("mailferry") + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
      }

      @Override
      void dispose(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("SHUTDOWN");
        }
      }
    },
    POSTGRESQL {
      @Override
      DataSource create() {
        PostgresServer server = PostgresServer.shared();
        return server.dataSource(server.createUniqueDatabase("schema"));
      }
    };

    abstract DataSource create();

    /** Releases the database (the shared PostgreSQL server keeps running). */
    void dispose(DataSource dataSource) throws SQLException {}
  }

  private static EntityManagerFactory entityManagerFactory(DataSource dataSource) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
    properties.put("jakarta.persistence.jtaDataSource", null);
    properties.put("jakarta.persistence.nonJtaDataSource", dataSource);
    properties.put("eclipselink.ddl-generation", "none");
    properties.put("eclipselink.weaving", "false");
    properties.put("eclipselink.logging.level", "WARNING");
    // a fresh session per factory: several factories of one unit live in this JVM
    properties.put("eclipselink.session-name", "schema-it-" + UUID.randomUUID());
    return Persistence.createEntityManagerFactory("mailferry", properties);
  }

  private static void inTransaction(EntityManagerFactory emf, Consumer<EntityManager> work) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      work.accept(em);
      em.getTransaction().commit();
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void everyEntityAndValueSurvivesARoundTrip(Database database) throws SQLException {
    DataSource dataSource = database.create();
    try {
      roundTrip(dataSource);
    } finally {
      database.dispose(dataSource);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void restorationsSurviveARoundTrip(Database database) throws SQLException {
    DataSource dataSource = database.create();
    try {
      assertThat(SchemaMigrations.migrate(dataSource).success).isTrue();
      EntityManagerFactory emf = entityManagerFactory(dataSource);
      try {
        io.mailferry.restore.domain.Restoration archive =
            io.mailferry.restore.domain.Restoration.fromArchive(
                "Ann@Example.ORG",
                "ann-maildir.tar.gz",
                "/tmp/mailferry-restore/restore-1/messages");
        io.mailferry.restore.domain.Restoration server =
            io.mailferry.restore.domain.Restoration.fromServer(
                "dora@example.org",
                "imap.old.example.org",
                993,
                "ssl",
                "dora@example.org*master",
                "AES-GCM:sealed");
        server.account("Created with the password hash of the old server (sql)");
        archive.destinationPassword("AES-GCM:sealed-destination");
        inTransaction(
            emf,
            em -> {
              em.persist(archive);
              em.persist(server);
            });
        io.mailferry.restore.domain.RestoredFolder folder =
            new io.mailferry.restore.domain.RestoredFolder(
                archive.getId(), 0, "Projects/Größe", "INBOX.Projects.Gr&APY-&AN8-e", 12);
        folder.chunk(5, 6, 1, 12);
        folder.finish();
        inTransaction(
            emf,
            em -> {
              em.persist(folder);
              em.persist(
                  new io.mailferry.restore.domain.RestorationError(
                      archive.getId(), "Projects/Größe", "m12.eml", "[TOOBIG] too large"));
              em.find(io.mailferry.restore.domain.Restoration.class, server.getId())
                  .completed("Restored");
            });

        emf.getCache().evictAll();
        EntityManager em = emf.createEntityManager();
        try {
          var a = em.find(io.mailferry.restore.domain.Restoration.class, archive.getId());
          assertThat(a.getEmail()).isEqualTo("ann@example.org");
          assertThat(a.getStatus()).isEqualTo(io.mailferry.restore.domain.RestorationStatus.QUEUED);
          assertThat(a.getKind()).isEqualTo(io.mailferry.restore.domain.RestorationKind.ARCHIVE);
          assertThat(a.getCreatedAt()).isNotNull();
          assertThat(a.getDestinationPassword()).isEqualTo("AES-GCM:sealed-destination");
          var s = em.find(io.mailferry.restore.domain.Restoration.class, server.getId());
          assertThat(s.getStatus())
              .isEqualTo(io.mailferry.restore.domain.RestorationStatus.COMPLETED);
          assertThat(s.getSourcePassword()).as("wiped on completion").isNull();
          assertThat(s.getSourcePort()).isEqualTo(993);
          assertThat(s.getAccount()).contains("password hash");
          var f = em.find(io.mailferry.restore.domain.RestoredFolder.class, folder.getId());
          assertThat(
                  List.of(
                      f.getMessages(),
                      f.getAppended(),
                      f.getPresent(),
                      f.getRefused(),
                      f.getDoneThrough()))
              .containsExactly(12L, 5L, 6L, 1L, 12L);
          assertThat(f.isFinished()).isTrue();
          assertThat(f.getName()).isEqualTo("Projects/Größe");
        } finally {
          em.close();
        }
        assertThat(count(dataSource, "SELECT COUNT(*) FROM restoration_error")).isEqualTo(1);
      } finally {
        emf.close();
      }
    } finally {
      database.dispose(dataSource);
    }
  }

  private void roundTrip(DataSource dataSource) {
    MigrateResult result = SchemaMigrations.migrate(dataSource);
    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isPositive();

    EntityManagerFactory emf = entityManagerFactory(dataSource);
    try {
      String pem =
          "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUW\n-----END CERTIFICATE-----\n";
      MailDomain domain = new MailDomain("Example.ORG");
      domain.configureSource(new ServerEndpoint("imap.example.org", 993, Security.SSL, false, pem));
      domain.setAutoMigration(false);
      domain.setExcludeFolders("Trash\nJunk*");
      domain.setFolderRenames("Old Sent=Sent");
      domain.setMaxMessageSize(26_214_400L);
      domain.setCopyDeleted(true);
      MailDomain plain = new MailDomain("plain.example.net");
      plain.configureSource(new ServerEndpoint("127.0.0.1", 143, Security.NONE, true, null));

      MailboxMigration running = new MailboxMigration(domain, "Alice@Example.ORG", null);
      running.running("Copying INBOX");
      running.totals(10, 10_240);
      running.progress("INBOX", 3, 3_072);
      running.setJobExecutionId(77L);
      running.setSourcePassword("AES-GCM:ciphertext");
      MailboxMigration failed = new MailboxMigration(domain, "bob@example.org", "bob");
      failed.failed("The source server refused the password");

      FolderCheckpoint inbox = new FolderCheckpoint(running, "INBOX", "INBOX", 0);
      inbox.setUidValidity(Uid.MAX);
      inbox.totals(5, 5_000);
      inbox.advance(Uid.of(42), 2, 2_048);
      inbox.setDestUidValidity(1_795_976_563L);
      inbox.setDestUidNext(43L);
      inbox.skippedByRule(3);
      FolderCheckpoint sent = new FolderCheckpoint(running, "INBOX.Sent", "Sent", 1);
      sent.setCompleted(true);

      Fingerprint fingerprint =
          Fingerprint.of("<1@example.org>", null, null, null, null, Instant.EPOCH, 1_234);
      MigratedMessage copied =
          new MigratedMessage(
              inbox, UidValidity.of(Uid.MAX), Uid.of(41), fingerprint, 7L, "\\Seen $Forwarded", 1);
      MigratedMessage unknownDestination =
          new MigratedMessage(
              inbox, UidValidity.of(Uid.MAX), Uid.of(42), fingerprint, null, null, 1);
      MessageError error =
          new MessageError(
              running,
              "INBOX",
              null,
              "<big@example.org>",
              "Grüße, zu groß",
              30_000_000L,
              "larger than the limit",
              io.mailferry.migration.domain.MessageErrorKind.RULE,
              1,
              Uid.MAX);

      inTransaction(
          emf,
          em -> {
            for (Object entity :
                List.of(
                    domain,
                    plain,
                    running,
                    failed,
                    inbox,
                    sent,
                    copied,
                    unknownDestination,
                    error)) {
              em.persist(entity);
            }
          });
      assertThat(
              List.of(
                  domain.getId(), running.getId(), inbox.getId(), copied.getId(), error.getId()))
          .doesNotContainNull()
          .doesNotHaveDuplicates();

      emf.getCache().evictAll();
      EntityManager em = emf.createEntityManager();
      try {
        MailDomain d = em.find(MailDomain.class, domain.getId());
        assertThat(d).isNotSameAs(domain);
        assertThat(d.getName()).isEqualTo("example.org");
        assertThat(d.sourceEndpoint())
            .isEqualTo(new ServerEndpoint("imap.example.org", 993, Security.SSL, false, pem));
        assertThat(d.isAutoMigration()).isFalse();
        assertThat(d.getExcludeFolders()).isEqualTo("Trash\nJunk*");
        assertThat(d.getFolderRenames()).isEqualTo("Old Sent=Sent");
        assertThat(d.getMaxMessageSize()).isEqualTo(26_214_400L);
        assertThat(d.isCopyDeleted()).isTrue();
        assertThat(d.isMigrationFinished()).isFalse();
        assertThat(d.getCreatedAt()).isCloseTo(domain.getCreatedAt(), within(1, ChronoUnit.MICROS));
        MailDomain p = em.find(MailDomain.class, plain.getId());
        assertThat(p.sourceEndpoint().security()).isEqualTo(Security.NONE);
        assertThat(p.sourceEndpoint().trustedCertificate()).isNull();
        assertThat(p.getMaxMessageSize()).isNull();
        assertThat(p.isAutoMigration()).isTrue();
        assertThat(p.isCopyDeleted()).as("a new domain copies messages marked deleted").isTrue();

        MailboxMigration r = em.find(MailboxMigration.class, running.getId());
        assertThat(r.getDomain().getId()).isEqualTo(domain.getId());
        assertThat(r.getEmail()).isEqualTo("alice@example.org");
        assertThat(r.getSourceLogin()).isEqualTo("alice@example.org");
        assertThat(r.getSourcePassword()).isEqualTo("AES-GCM:ciphertext");
        assertThat(r.getStatus()).isEqualTo(MigrationStatus.RUNNING);
        assertThat(r.getStatusMessage()).isEqualTo("Copying INBOX");
        assertThat(r.getMessagesTotal()).isEqualTo(10);
        assertThat(r.getBytesTotal()).isEqualTo(10_240);
        assertThat(r.getMessagesDone()).isEqualTo(3);
        assertThat(r.getBytesDone()).isEqualTo(3_072);
        assertThat(r.getCurrentFolder()).isEqualTo("INBOX");
        assertThat(r.getJobExecutionId()).isEqualTo(77L);
        assertThat(r.getCreatedAt())
            .isCloseTo(running.getCreatedAt(), within(1, ChronoUnit.MICROS));
        assertThat(r.getQueuedAt()).isCloseTo(running.getQueuedAt(), within(1, ChronoUnit.MICROS));
        assertThat(r.getStartedAt())
            .isCloseTo(running.getStartedAt(), within(1, ChronoUnit.MICROS));
        assertThat(r.getRunStartedAt())
            .isCloseTo(running.getRunStartedAt(), within(1, ChronoUnit.MICROS));
        assertThat(r.getUpdatedAt())
            .isCloseTo(running.getUpdatedAt(), within(1, ChronoUnit.MICROS));
        assertThat(r.getFinishedAt()).isNull();

        MailboxMigration f = em.find(MailboxMigration.class, failed.getId());
        assertThat(f.getStatus()).isEqualTo(MigrationStatus.ERROR);
        assertThat(f.getStatusMessage()).isEqualTo("The source server refused the password");
        assertThat(f.getErrorEpisodes()).isEqualTo(1);
        assertThat(f.getSourceLogin()).isEqualTo("bob");
        assertThat(f.getJobExecutionId()).isNull();
        assertThat(f.getStartedAt()).isNull();
        assertThat(f.getFinishedAt())
            .isCloseTo(failed.getFinishedAt(), within(1, ChronoUnit.MICROS));

        List<FolderCheckpoint> folders =
            em.createQuery(
                    "SELECT c FROM FolderCheckpoint c WHERE c.migration.id = :id ORDER BY c.position",
                    FolderCheckpoint.class)
                .setParameter("id", running.getId())
                .getResultList();
        assertThat(folders)
            .extracting(FolderCheckpoint::getSourceName)
            .containsExactly("INBOX", "INBOX.Sent");
        FolderCheckpoint i = folders.get(0);
        assertThat(i.getUidValidity()).isEqualTo(Uid.MAX);
        assertThat(i.uidValidityChanged(UidValidity.of(Uid.MAX))).isFalse();
        assertThat(i.getLastUid()).isEqualTo(42);
        assertThat(i.getHighestModseq()).isNull();
        assertThat(i.getDestUidValidity()).isEqualTo(1_795_976_563L);
        assertThat(i.getDestUidNext()).isEqualTo(43L);
        assertThat(i.getMessagesTotal()).isEqualTo(5);
        assertThat(i.getBytesTotal()).isEqualTo(5_000);
        assertThat(i.getMessagesDone()).isEqualTo(2);
        assertThat(i.getBytesDone()).isEqualTo(2_048);
        assertThat(i.isCompleted()).isFalse();
        assertThat(i.getMessagesSkipped()).isEqualTo(3);
        FolderCheckpoint s = folders.get(1);
        assertThat(s.getDestinationName()).isEqualTo("Sent");
        assertThat(s.getPosition()).isEqualTo(1);
        assertThat(s.getUidValidity()).isNull();
        assertThat(s.getDestUidNext()).isNull();
        assertThat(s.isCompleted()).isTrue();

        List<MigratedMessage> messages =
            em.createQuery(
                    "SELECT m FROM MigratedMessage m WHERE m.folder.id = :id ORDER BY m.sourceUid",
                    MigratedMessage.class)
                .setParameter("id", inbox.getId())
                .getResultList();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).getUidValidity()).isEqualTo(Uid.MAX);
        assertThat(messages.get(0).getSourceUid()).isEqualTo(41);
        assertThat(messages.get(0).getFingerprint()).isEqualTo(fingerprint.value());
        assertThat(messages.get(0).getDestUid()).isEqualTo(7L);
        assertThat(messages.get(0).getSourceFlags()).isEqualTo("\\Seen $Forwarded");
        assertThat(messages.get(1).getSourceUid()).isEqualTo(42);
        assertThat(messages.get(1).getDestUid()).isNull();
        assertThat(messages.get(1).getSourceFlags()).isNull();

        MessageError e = em.find(MessageError.class, error.getId());
        assertThat(e.getFolder()).isEqualTo("INBOX");
        assertThat(e.getSourceUid()).isNull();
        assertThat(e.getMessageId()).isEqualTo("<big@example.org>");
        assertThat(e.getSubject()).isEqualTo("Grüße, zu groß");
        assertThat(e.getSize()).isEqualTo(30_000_000L);
        assertThat(e.getReason()).isEqualTo("larger than the limit");
        assertThat(e.getOccurredAt())
            .isCloseTo(error.getOccurredAt(), within(1, ChronoUnit.MICROS));
      } finally {
        em.close();
      }

      // optimistic versions move on with an update
      inTransaction(
          emf, em2 -> em2.find(MailboxMigration.class, running.getId()).completed("Done"));
      EntityManager check = emf.createEntityManager();
      try {
        check.getEntityManagerFactory().getCache().evictAll();
        MailboxMigration done = check.find(MailboxMigration.class, running.getId());
        assertThat(done.getStatus()).isEqualTo(MigrationStatus.COMPLETED);
        assertThat(done.getCurrentFolder()).isNull();
        assertThat(done.getFinishedAt()).isNotNull();
      } finally {
        check.close();
      }
    } finally {
      emf.close();
    }
  }

  /** A batch keeps its mailboxes' lines, waves and sealed account passwords (V7). */
  @ParameterizedTest
  @EnumSource(Database.class)
  void aBatchAndItsMailboxesSurviveARoundTrip(Database database) throws SQLException {
    DataSource dataSource = database.create();
    try {
      SchemaMigrations.migrate(dataSource);
      EntityManagerFactory emf = entityManagerFactory(dataSource);
      try {
        MailDomain domain = new MailDomain("batch.example.org");
        domain.configureSource(
            new ServerEndpoint("imap.example.org", 993, Security.SSL, false, null));
        Instant startAt = Instant.parse("2026-12-05T22:00:00Z");
        MigrationBatch batch = new MigrationBatch("weekend.csv", "%u*migrator", 100, startAt);
        MailboxMigration member = new MailboxMigration(domain, "carol@batch.example.org", null);
        MailboxMigration alone = new MailboxMigration(domain, "dave@batch.example.org", null);
        BatchMailbox line = new BatchMailbox(batch, member, 7, 5, 0, "sealed-account-password");
        inTransaction(emf, em -> List.of(domain, batch, member, alone, line).forEach(em::persist));

        emf.getCache().evictAll();
        EntityManager em = emf.createEntityManager();
        try {
          BatchMailbox read = em.find(BatchMailbox.class, line.getId());
          assertThat(read.getLine()).isEqualTo(7);
          assertThat(read.getPosition()).isEqualTo(5);
          assertThat(read.getAccountPassword()).isEqualTo("sealed-account-password");
          assertThat(read.isProvisioned()).isFalse();
          assertThat(read.getMigration().getEmail()).isEqualTo("carol@batch.example.org");
          MigrationBatch b = read.getBatch();
          assertThat(b.getName()).isEqualTo("weekend.csv");
          assertThat(b.getMasterLogin()).isEqualTo("%u*migrator");
          assertThat(b.getWaveSize()).isEqualTo(100);
          assertThat(b.getStartAt()).isEqualTo(startAt);
          assertThat(b.isStopped()).isFalse();
          // the dispatcher's query (MigrationStarts.claimQueued) leaves batch mailboxes out
          assertThat(
                  em.createQuery(
                          "SELECT m.email FROM MailboxMigration m WHERE m.status = :s AND NOT EXISTS"
                              + " (SELECT b FROM BatchMailbox b WHERE b.migration = m)",
                          String.class)
                      .setParameter("s", MigrationStatus.QUEUED)
                      .getResultList())
              .containsExactly("dave@batch.example.org");
        } finally {
          em.close();
        }
        inTransaction(emf, e -> e.find(BatchMailbox.class, line.getId()).provisioned());
        assertThat(
                count(
                    dataSource,
                    "SELECT COUNT(*) FROM batch_mailbox WHERE provisioned AND"
                        + " account_password IS NULL"))
            .isEqualTo(1);
      } finally {
        emf.close();
      }
    } finally {
      database.dispose(dataSource);
    }
  }

  /** A POP3 fetch keeps its settings, counts and ledger, each message once per fetch (V8). */
  @ParameterizedTest
  @EnumSource(Database.class)
  void aPop3FetchAndItsLedgerSurviveARoundTrip(Database database) throws SQLException {
    DataSource dataSource = database.create();
    try {
      SchemaMigrations.migrate(dataSource);
      EntityManagerFactory emf = entityManagerFactory(dataSource);
      try {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        io.mailferry.fetch.domain.Pop3Fetch fetch =
            new io.mailferry.fetch.domain.Pop3Fetch(
                new io.mailferry.fetch.domain.Pop3Settings(
                    "ann@example.org",
                    "pop.example.org",
                    995,
                    Security.SSL,
                    false,
                    "ann",
                    "INBOX.Fetched",
                    false,
                    "-----BEGIN CERTIFICATE-----"),
                "v2:abcd:sealed",
                30,
                now);
        inTransaction(emf, em -> em.persist(fetch));
        long id = fetch.getId();
        io.mailferry.fetch.domain.MessageKey key =
            io.mailferry.fetch.domain.MessageKey.ofUidl("000000015a1b2c3d");
        io.mailferry.migration.domain.Fingerprint fingerprint =
            io.mailferry.migration.domain.Fingerprint.of("<a@x>", null, null, null, null, now, 123);
        inTransaction(
            emf,
            em -> {
              io.mailferry.fetch.domain.Pop3Fetch f =
                  em.find(io.mailferry.fetch.domain.Pop3Fetch.class, id);
              f.running("Fetching", now);
              f.serverAnswered(false, 3);
              f.fetched(1, 123, now);
              f.finished(io.mailferry.fetch.domain.FetchStatus.COMPLETED, "1 new message", now);
              io.mailferry.fetch.domain.FetchedMessage m =
                  new io.mailferry.fetch.domain.FetchedMessage(
                      id, key, fingerprint, now, 123, "Hello", 7L, now);
              m.fetched(7L, now);
              em.persist(m);
            });

        emf.getCache().evictAll();
        EntityManager em = emf.createEntityManager();
        try {
          io.mailferry.fetch.domain.Pop3Fetch read =
              em.find(io.mailferry.fetch.domain.Pop3Fetch.class, id);
          assertThat(read.settings().folder()).isEqualTo("INBOX.Fetched");
          assertThat(read.settings().leaveOnServer()).isFalse();
          assertThat(read.settings().trustedCertificate()).isEqualTo("-----BEGIN CERTIFICATE-----");
          assertThat(read.getSealedPassword()).isEqualTo("v2:abcd:sealed");
          assertThat(read.getStatus()).isEqualTo(io.mailferry.fetch.domain.FetchStatus.COMPLETED);
          assertThat(read.getUidlSupported()).isFalse();
          assertThat(read.getMessagesFetched()).isEqualTo(1);
          assertThat(read.getNextRun()).isEqualTo(now.plusSeconds(30 * 60));
          io.mailferry.fetch.domain.FetchedMessage entry =
              em.createQuery(
                      "SELECT m FROM FetchedMessage m WHERE m.fetchId = :f",
                      io.mailferry.fetch.domain.FetchedMessage.class)
                  .setParameter("f", id)
                  .getSingleResult();
          assertThat(entry.key()).isEqualTo(key);
          assertThat(entry.fingerprint()).isEqualTo(fingerprint);
          assertThat(entry.getInternalDate()).isEqualTo(now);
          assertThat(entry.getDestinationUid()).isEqualTo(7L);
        } finally {
          em.close();
        }
        assertThatThrownBy(
                () ->
                    inTransaction(
                        emf,
                        e ->
                            e.persist(
                                new io.mailferry.fetch.domain.FetchedMessage(
                                    id, key, fingerprint, now, 123, "again", 8L, now))))
            .as("one ledger entry per message and fetch")
            .isInstanceOf(RuntimeException.class);
      } finally {
        emf.close();
      }
    } finally {
      database.dispose(dataSource);
    }
  }

  /** Two factories (two Payara instances on one database) draw ids from the one sequence. */
  @ParameterizedTest
  @EnumSource(Database.class)
  void twoFactoriesNeverHandOutTheSameId(Database database) throws SQLException {
    DataSource dataSource = database.create();
    try {
      SchemaMigrations.migrate(dataSource);
      EntityManagerFactory first = entityManagerFactory(dataSource);
      EntityManagerFactory second = entityManagerFactory(dataSource);
      try {
        List<MailDomain> domains = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
          for (EntityManagerFactory emf : List.of(first, second)) {
            MailDomain domain = new MailDomain("d" + domains.size() + ".example.org");
            domain.configureSource(
                new ServerEndpoint("imap.example.org", 993, Security.SSL, false, null));
            inTransaction(emf, em -> em.persist(domain));
            domains.add(domain);
          }
        }
        assertThat(domains)
            .extracting(MailDomain::getId)
            .doesNotContainNull()
            .doesNotHaveDuplicates();
        assertThat(count(dataSource, "SELECT COUNT(*) FROM mail_domain")).isEqualTo(6);
      } finally {
        first.close();
        second.close();
      }
    } finally {
      database.dispose(dataSource);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aSecondFlywayRunChangesNothing(Database database) throws SQLException {
    DataSource dataSource = database.create();
    try {
      migrateTwice(dataSource);
    } finally {
      database.dispose(dataSource);
    }
  }

  /** A database made by the first release keeps its mailboxes through every later script. */
  @ParameterizedTest
  @EnumSource(Database.class)
  void aDatabaseOfTheFirstReleaseIsUpgradedWithItsData(Database database) throws SQLException {
    DataSource dataSource = database.create();
    try {
      Flyway.configure(SchemaMigrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .target("1")
          .load()
          .migrate();
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO mail_domain (id, name, source_host, source_port, source_security,"
                + " allow_plaintext, auto_migration, copy_deleted, migration_finished,"
                + " created_at, version) VALUES (1, 'old.example.org', 'imap.old.example.org',"
                + " 993, 'SSL', FALSE, TRUE, FALSE, FALSE, CURRENT_TIMESTAMP, 1)");
        statement.execute(
            "INSERT INTO mailbox_migration (id, email, domain_id, source_login, status,"
                + " error_episodes, message_errors, messages_total, messages_done, bytes_total,"
                + " bytes_done, created_at, updated_at, version) VALUES (1,"
                + " 'dave@old.example.org', 1, 'dave@old.example.org', 'COMPLETED', 0, 0, 7, 7,"
                + " 70, 70, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)");
      }

      MigrateResult upgrade = SchemaMigrations.migrate(dataSource);

      assertThat(upgrade.success).isTrue();
      assertThat(upgrade.migrationsExecuted).isPositive();
      assertThat(
              count(
                  dataSource,
                  "SELECT COUNT(*) FROM mailbox_migration WHERE"
                      + " email = 'dave@old.example.org' AND messages_done = 7 AND run_start_messages = 0"))
          .isEqualTo(1);
      EntityManagerFactory emf = entityManagerFactory(dataSource);
      try {
        inTransaction(
            emf,
            em ->
                assertThat(em.find(MailboxMigration.class, 1L).getMessagesDoneThisRun())
                    .isEqualTo(7));
      } finally {
        emf.close();
      }
    } finally {
      database.dispose(dataSource);
    }
  }

  /**
   * Case variants of one address, each with its own migration (as releases before the third schema
   * made them), become one migration under the lower-case address: the one that got furthest
   * survives, per folder the furthest checkpoint is kept and takes the records only the others
   * held, and the database then refuses an address that is not in lower case.
   */
  @ParameterizedTest
  @EnumSource(Database.class)
  void caseVariantsOfOneAddressAreMergedIntoOneMigrationOnUpgrade(Database database)
      throws SQLException {
    DataSource dataSource = database.create();
    try {
      Flyway.configure(SchemaMigrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .target("2")
          .load()
          .migrate();
      execute(
          dataSource,
          "INSERT INTO mail_domain (id, name, source_host, source_port, source_security,"
              + " allow_plaintext, auto_migration, copy_deleted, migration_finished, created_at,"
              + " version) VALUES (1, 'corp.test', 'imap.corp.test', 993, 'SSL', FALSE, TRUE,"
              + " FALSE, FALSE, TIMESTAMP '2026-01-01 08:00:00', 1)",
          migration(10, "Casey@corp.test", "ERROR", 7, "'sealed-A'", "09:00:00"),
          migration(11, "casey@corp.test", "RUNNING", 8, "NULL", "10:00:00"),
          migration(12, "CASEY@CORP.TEST", "COMPLETED", 0, "'sealed-C'", "11:00:00"),
          migration(13, "dave@corp.test", "COMPLETED", 3, "NULL", "09:00:00"),
          migration(14, "Erin@corp.test", "QUEUED", 0, "NULL", "09:00:00"),
          // Casey's INBOX: 10 got to UID 5, 11 to UID 7 but holds no record of UID 5
          checkpoint(100, 10, "INBOX", 5, 5),
          checkpoint(101, 10, "INBOX.Sent", 2, 2),
          checkpoint(110, 11, "INBOX", 7, 7),
          checkpoint(111, 11, "INBOX.Archive", 1, 1),
          checkpoint(130, 13, "INBOX", 3, 3),
          "INSERT INTO message_error (id, migration_id, folder, reason, occurred_at) VALUES"
              + " (5000, 10, 'INBOX', 'refused by the destination', TIMESTAMP '2026-01-01"
              + " 09:00:00')");
      for (int uid = 1; uid <= 5; uid++) {
        execute(dataSource, record(1000 + uid, 100, uid, 500 + uid));
      }
      for (int uid : new int[] {1, 2, 3, 4, 6, 7}) {
        execute(dataSource, record(1100 + uid, 110, uid, 700 + uid));
      }
      execute(
          dataSource,
          record(1011, 101, 1, 11),
          record(1012, 101, 2, 12),
          record(1111, 111, 1, 21),
          record(1301, 130, 1, 31));

      MigrateResult upgrade = SchemaMigrations.migrate(dataSource);

      assertThat(upgrade.success).isTrue();
      assertThat(rows(dataSource, "SELECT id, email, status FROM mailbox_migration ORDER BY id"))
          .containsExactly(
              "11 casey@corp.test QUEUED",
              "13 dave@corp.test COMPLETED",
              "14 erin@corp.test QUEUED");
      assertThat(
              rows(
                  dataSource,
                  "SELECT id, migration_id, source_name, last_uid, messages_done"
                      + " FROM folder_checkpoint ORDER BY id"))
          .containsExactly(
              "101 11 INBOX.Sent 2 2",
              "110 11 INBOX 7 7",
              "111 11 INBOX.Archive 1 1",
              "130 13 INBOX 3 3");
      assertThat(
              rows(
                  dataSource,
                  "SELECT source_uid, dest_uid FROM migrated_message"
                      + " WHERE folder_id = 110 ORDER BY source_uid"))
          .as("the kept INBOX holds every record, UID 5 from the other variant")
          .containsExactly("1 701", "2 702", "3 703", "4 704", "5 505", "6 706", "7 707");
      assertThat(count(dataSource, "SELECT COUNT(*) FROM migrated_message"))
          .isEqualTo(7 + 2 + 1 + 1);
      assertThat(
              rows(
                  dataSource,
                  "SELECT messages_done, message_errors, error_episodes,"
                      + " source_password FROM mailbox_migration WHERE id = 11"))
          .as("counters summed from the folders it now holds; the latest stored password")
          .containsExactly("10 2 0 sealed-C");
      assertThat(rows(dataSource, "SELECT id, migration_id FROM message_error"))
          .containsExactly("5000 11");

      EntityManagerFactory emf = entityManagerFactory(dataSource);
      try {
        inTransaction(
            emf,
            em -> {
              MailboxMigration casey =
                  em.createQuery(
                          "SELECT m FROM MailboxMigration m WHERE m.email = :e",
                          MailboxMigration.class)
                      .setParameter("e", MailboxMigration.normaliseEmail("CASEY@corp.TEST"))
                      .getSingleResult();
              assertThat(casey.getId()).isEqualTo(11L);
              assertThat(casey.getStatus()).isEqualTo(MigrationStatus.QUEUED);
            });
      } finally {
        emf.close();
      }
      assertThatThrownBy(
              () ->
                  execute(
                      dataSource,
                      migration(15, "Frank@corp.test", "QUEUED", 0, "NULL", "09:00:00")))
          .as("an address not in lower case")
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(
              () ->
                  execute(
                      dataSource,
                      migration(16, "casey@corp.test", "QUEUED", 0, "NULL", "09:00:00")))
          .as("a second migration of one address")
          .isInstanceOf(SQLException.class);
    } finally {
      database.dispose(dataSource);
    }
  }

  private static String migration(
      long id, String email, String status, long messagesDone, String password, String updated) {
    return "INSERT INTO mailbox_migration (id, email, domain_id, source_login, source_password,"
        + " status, error_episodes, message_errors, messages_total, messages_done, bytes_total,"
        + " bytes_done, created_at, updated_at, version) VALUES ("
        + id
        + ", '"
        + email
        + "', 1, '"
        + email
        + "', "
        + password
        + ", '"
        + status
        + "', 0, "
        + (status.equals("ERROR") ? 2 : 0)
        + ", 10, "
        + messagesDone
        + ", 100, "
        + messagesDone * 10
        + ", TIMESTAMP '2026-01-01 08:00:00',"
        + " TIMESTAMP '2026-01-01 "
        + updated
        + "', 1)";
  }

  private static String checkpoint(
      long id, long migrationId, String sourceName, long lastUid, long messagesDone) {
    return "INSERT INTO folder_checkpoint (id, migration_id, source_name, destination_name,"
        + " position, uid_validity, last_uid, messages_total, messages_done, bytes_total,"
        + " bytes_done, completed) VALUES ("
        + id
        + ", "
        + migrationId
        + ", '"
        + sourceName
        + "', '"
        + sourceName
        + "', 0, 17, "
        + lastUid
        + ", 10, "
        + messagesDone
        + ", 100, "
        + messagesDone * 10
        + ", FALSE)";
  }

  private static String record(long id, long folderId, long uid, long destUid) {
    return "INSERT INTO migrated_message (id, folder_id, uid_validity, source_uid, fingerprint,"
        + " dest_uid) VALUES ("
        + id
        + ", "
        + folderId
        + ", 17, "
        + uid
        + ", 'fp"
        + uid
        + "', "
        + destUid
        + ")";
  }

  private static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Each row's columns joined by a space. */
  private static List<String> rows(DataSource dataSource, String sql) throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new java.util.ArrayList<>();
        for (int c = 1; c <= columns; c++) {
          values.add(String.valueOf(result.getObject(c)));
        }
        rows.add(String.join(" ", values));
      }
    }
    return rows;
  }

  private void migrateTwice(DataSource dataSource) throws SQLException {
    MigrateResult first = SchemaMigrations.migrate(dataSource);
    assertThat(first.migrationsExecuted).isPositive();

    EntityManagerFactory emf = entityManagerFactory(dataSource);
    try {
      inTransaction(
          emf,
          em -> {
            MailDomain domain = new MailDomain("kept.example.org");
            domain.configureSource(
                new ServerEndpoint("imap.kept.example.org", 993, Security.SSL, false, null));
            em.persist(domain);
            em.persist(new MailboxMigration(domain, "carol@kept.example.org", null));
          });
    } finally {
      emf.close();
    }
    long history = count(dataSource, "SELECT COUNT(*) FROM \"flyway_schema_history\"");

    MigrateResult second = SchemaMigrations.migrate(dataSource);
    assertThat(second.success).isTrue();
    assertThat(second.migrationsExecuted).isZero();
    assertThat(second.initialSchemaVersion).isEqualTo(first.targetSchemaVersion);
    assertThat(count(dataSource, "SELECT COUNT(*) FROM \"flyway_schema_history\""))
        .isEqualTo(history);
    assertThat(count(dataSource, "SELECT COUNT(*) FROM mail_domain")).isEqualTo(1);
    assertThat(count(dataSource, "SELECT COUNT(*) FROM mailbox_migration WHERE status = 'QUEUED'"))
        .isEqualTo(1);
  }

  /** A partition's counts are written, then overwritten, and read back by execution (V11). */
  @ParameterizedTest
  @EnumSource(Database.class)
  void partitionMetricsAreRecordedPerExecutionAndMailbox(Database database) throws Exception {
    DataSource dataSource = database.create();
    try {
      SchemaMigrations.migrate(dataSource);
      EntityManagerFactory emf = entityManagerFactory(dataSource);
      try {
        MailDomain domain = new MailDomain("metrics.example.org");
        domain.configureSource(
            new ServerEndpoint("imap.example.org", 993, Security.SSL, false, null));
        MailboxMigration one = new MailboxMigration(domain, "one@metrics.example.org", null);
        MailboxMigration two = new MailboxMigration(domain, "two@metrics.example.org", null);
        inTransaction(emf, em -> List.of(domain, one, two).forEach(em::persist));
        io.mailferry.migration.application.PartitionMetrics metrics =
            new io.mailferry.migration.application.PartitionMetrics();
        EntityManager em = emf.createEntityManager();
        java.lang.reflect.Field field =
            io.mailferry.migration.application.PartitionMetrics.class.getDeclaredField("em");
        field.setAccessible(true);
        field.set(metrics, em);
        var first =
            new io.mailferry.migration.application.PartitionMetrics.Counts(3, 3, 3, 0, 0, 0);
        var last = new io.mailferry.migration.application.PartitionMetrics.Counts(9, 8, 9, 1, 0, 0);
        em.getTransaction().begin();
        metrics.record(7L, one.getId(), first);
        metrics.record(7L, one.getId(), last);
        metrics.record(7L, two.getId(), first);
        metrics.record(8L, two.getId(), last);
        metrics.record(7L, 999_999L, last); // a deleted mailbox: nothing recorded
        em.getTransaction().commit();
        assertThat(metrics.of(7L))
            .containsOnly(Map.entry(one.getId(), last), Map.entry(two.getId(), first));
        assertThat(metrics.of(8L)).containsOnly(Map.entry(two.getId(), last));
        assertThat(metrics.of(9L)).isEmpty();
        em.close();
      } finally {
        emf.close();
      }
    } finally {
      database.dispose(dataSource);
    }
  }

  /**
   * The mailbox list's queries (MailboxQueries, as the screen and the API run them) over 100,000
   * mailboxes: each filter and the paging, counted and paged. The times are printed, not asserted;
   * the result sizes are.
   */
  @ParameterizedTest
  @EnumSource(Database.class)
  void theMailboxListFiltersAndPages100000Mailboxes(Database database) throws Exception {
    DataSource dataSource = database.create();
    try {
      SchemaMigrations.migrate(dataSource);
      int domains = 20;
      int mailboxes = 100_000;
      insertMailboxes(dataSource, domains, mailboxes);
      EntityManagerFactory emf = entityManagerFactory(dataSource);
      try {
        EntityManager em = emf.createEntityManager();
        io.mailferry.migration.application.MailboxQueries queries =
            new io.mailferry.migration.application.MailboxQueries();
        java.lang.reflect.Field field =
            io.mailferry.migration.application.MailboxQueries.class.getDeclaredField("em");
        field.setAccessible(true);
        field.set(queries, em);
        Map<String, io.mailferry.migration.application.MailboxFilter> filters =
            new java.util.LinkedHashMap<>();
        filters.put("everything", io.mailferry.migration.application.MailboxFilter.all());
        filters.put(
            "address part 'user0999'",
            new io.mailferry.migration.application.MailboxFilter(
                "user0999", null, null, null, true));
        filters.put(
            "address 'user_0999' ('_' taken literally)",
            new io.mailferry.migration.application.MailboxFilter(
                "user_0999", null, null, null, true));
        filters.put(
            "address start 'user09999@'",
            new io.mailferry.migration.application.MailboxFilter(
                "user09999@", null, null, null, true));
        filters.put(
            "domain 'd7.scale.test'",
            new io.mailferry.migration.application.MailboxFilter(
                null, "d7.scale.test", null, null, true));
        filters.put(
            "status ERROR",
            new io.mailferry.migration.application.MailboxFilter(null, null, "ERROR", null, true));
        filters.put(
            "domain and status",
            new io.mailferry.migration.application.MailboxFilter(
                null, "d7.scale.test", "RUNNING", null, true));
        filters.put(
            "everything by address",
            new io.mailferry.migration.application.MailboxFilter(null, null, null, "email", false));
        Map<String, Long> expected =
            Map.ofEntries(
                Map.entry("everything", (long) mailboxes),
                Map.entry("address part 'user0999'", 10L),
                Map.entry("address 'user_0999' ('_' taken literally)", 0L),
                Map.entry("address start 'user09999@'", 1L),
                Map.entry("domain 'd7.scale.test'", (long) mailboxes / domains),
                Map.entry("status ERROR", (long) mailboxes / 10),
                Map.entry("domain and status", (long) mailboxes / domains / 10),
                Map.entry("everything by address", (long) mailboxes));
        for (var entry : filters.entrySet()) {
          // three rounds: the first warms the caches; the machine is shared, so all are printed
          List<String> rounds = new java.util.ArrayList<>();
          for (int round = 0; round < 3; round++) {
            long started = System.nanoTime();
            long total = queries.count(entry.getValue());
            var first = queries.page(entry.getValue(), 0, 50);
            long firstPage = System.nanoTime();
            var last = queries.page(entry.getValue(), (int) Math.max(0, total - 50), 50);
            long lastPage = System.nanoTime();
            assertThat(total).as(entry.getKey()).isEqualTo(expected.get(entry.getKey()));
            assertThat(first).hasSize((int) Math.min(50, total));
            assertThat(last).hasSize((int) Math.min(50, total));
            rounds.add(
                (firstPage - started) / 1_000_000 + "+" + (lastPage - firstPage) / 1_000_000);
          }
          System.out.printf(
              "%s, %,d mailboxes, %s: count and first page + last page, ms: %s%n",
              database, mailboxes, entry.getKey(), String.join(", ", rounds));
        }
        em.close();
      } finally {
        emf.close();
      }
    } finally {
      database.dispose(dataSource);
    }
  }

  /** Mailboxes spread over domains and statuses, written with plain JDBC batches. */
  private static void insertMailboxes(DataSource dataSource, int domains, int mailboxes)
      throws SQLException {
    String[] statuses = {
      "COMPLETED",
      "COMPLETED",
      "COMPLETED",
      "COMPLETED",
      "COMPLETED",
      "QUEUED",
      "QUEUED",
      "WAITING",
      "RUNNING",
      "ERROR"
    };
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (var domain =
          connection.prepareStatement(
              "INSERT INTO mail_domain (id, name, source_host, source_port, source_security,"
                  + " allow_plaintext, auto_migration, copy_deleted, migration_finished,"
                  + " created_at, version) VALUES (?, ?, 'imap.scale.test', 993, 'SSL', FALSE,"
                  + " TRUE, TRUE, FALSE, CURRENT_TIMESTAMP, 1)")) {
        for (int d = 0; d < domains; d++) {
          domain.setLong(1, 10_000_000L + d);
          domain.setString(2, "d" + d + ".scale.test");
          domain.addBatch();
        }
        domain.executeBatch();
      }
      try (var mailbox =
          connection.prepareStatement(
              "INSERT INTO mailbox_migration (id, email, domain_id, source_login, status,"
                  + " status_message, error_episodes, message_errors, messages_total,"
                  + " messages_done, bytes_total, bytes_done, created_at, updated_at, version)"
                  + " VALUES (?, ?, ?, ?, ?, 'scale', 0, 0, 100, ?, 1000, 0, ?, ?, 1)")) {
        java.sql.Timestamp base = java.sql.Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
        for (int i = 0; i < mailboxes; i++) {
          int d = i % domains;
          String email = String.format("user%05d@d%d.scale.test", i, d);
          mailbox.setLong(1, 20_000_000L + i);
          mailbox.setString(2, email);
          mailbox.setLong(3, 10_000_000L + d);
          mailbox.setString(4, email);
          mailbox.setString(5, statuses[(i / domains) % statuses.length]);
          mailbox.setLong(6, i % 101);
          java.sql.Timestamp at = new java.sql.Timestamp(base.getTime() + i * 1000L);
          mailbox.setTimestamp(7, at);
          mailbox.setTimestamp(8, at);
          mailbox.addBatch();
          if (i % 5_000 == 4_999) {
            mailbox.executeBatch();
          }
        }
        mailbox.executeBatch();
      }
      connection.commit();
    }
  }
}
