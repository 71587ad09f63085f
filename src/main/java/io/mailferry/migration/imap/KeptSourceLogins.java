package io.mailferry.migration.imap;

import io.mailferry.imap.MailSessions;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.migration.application.port.SourceLogins;
import io.mailferry.source.imap.ImapSource;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The source sessions that checked a login, each kept a moment ({@link #KEPT_FOR}) for the copy of
 * the same login (same server, login, password and timeouts), which takes it instead of logging in
 * again, its folder listing asked for while it waited; one not taken by then is logged out. At most
 * one is kept per login: a second check of the same login logs the older one out.
 */
@ApplicationScoped
public class KeptSourceLogins implements SourceLogins {

  private static final Logger LOG = Logger.getLogger(KeptSourceLogins.class.getName());

  static final Duration KEPT_FOR = Duration.ofSeconds(10);

  private record Key(
      ServerEndpoint endpoint,
      String login,
      String passwordDigest,
      Duration connect,
      Duration read) {

    static Key of(
        ServerEndpoint endpoint, String login, String password, Duration connect, Duration read) {
      return new Key(endpoint, login, digest(password), connect, read);
    }
  }

  private record Kept(ImapSource source, ScheduledFuture<?> expiry) {}

  @Resource private ManagedScheduledExecutorService managedScheduler;

  private ScheduledExecutorService scheduler;

  private Duration keptFor = KEPT_FOR;

  private final Map<Key, Kept> kept = new HashMap<>();

  public KeptSourceLogins() {}

  /** Outside a container, for tests: sessions kept {@code keptFor} on this scheduler. */
  public KeptSourceLogins(ScheduledExecutorService scheduler, Duration keptFor) {
    this.scheduler = scheduler;
    this.keptFor = keptFor;
  }

  @Override
  public void check(
      ServerEndpoint endpoint,
      String login,
      String password,
      Duration connect,
      Duration read,
      boolean keepForCopy)
      throws MessagingException {
    Store store = MailSessions.connect(endpoint, login, password, connect, read);
    if (!keepForCopy) {
      close(store);
      return;
    }
    ImapSource source = ImapSource.over(store);
    try {
      // what the copy asks first: a distant server answers it while the copy starts
      source.countsAndBytesAhead();
      source.listFoldersAhead();
    } catch (MessagingException e) {
      LOG.log(Level.FINE, "The checked session failed; the copy logs in itself", e);
      source.close();
      return;
    }
    Key key = Key.of(endpoint, login, password, connect, read);
    Kept before;
    synchronized (kept) {
      ScheduledFuture<?> expiry =
          scheduler()
              .schedule(() -> expire(key, source), keptFor.toMillis(), TimeUnit.MILLISECONDS);
      before = kept.put(key, new Kept(source, expiry));
    }
    if (before != null) {
      before.expiry().cancel(false);
      before.source().close();
    }
  }

  @Override
  public int kept() {
    synchronized (kept) {
      return kept.size();
    }
  }

  /**
   * The session kept for this login, now the caller's to use and close, its folder listing asked
   * for already; empty when none is.
   */
  Optional<ImapSource> take(
      ServerEndpoint endpoint, String login, String password, Duration connect, Duration read) {
    Kept taken;
    synchronized (kept) {
      taken = kept.remove(Key.of(endpoint, login, password, connect, read));
    }
    if (taken == null) {
      return Optional.empty();
    }
    taken.expiry().cancel(false);
    return Optional.of(taken.source());
  }

  private void expire(Key key, ImapSource source) {
    synchronized (kept) {
      Kept current = kept.get(key);
      if (current == null || current.source() != source) {
        return; // taken by a copy, or replaced (the newer check closed it)
      }
      kept.remove(key);
    }
    source.close();
  }

  @PreDestroy
  void closeAll() {
    List<Kept> all;
    synchronized (kept) {
      all = new ArrayList<>(kept.values());
      kept.clear();
    }
    for (Kept k : all) {
      k.expiry().cancel(false);
      k.source().close();
    }
  }

  private ScheduledExecutorService scheduler() {
    return scheduler != null ? scheduler : managedScheduler;
  }

  private static void close(Store store) {
    try {
      store.close();
    } catch (MessagingException ignored) {
      // a connection already gone: nothing left to close
    }
  }

  private static String digest(String password) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
