package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import io.mailferry.testing.DovecotServer;
import io.mailferry.testing.DovecotServer.Layout;
import io.mailferry.testing.MaildirCorpus;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protocol trace taken from Mailferry's own sockets against Dovecot, over STARTTLS and implicit
 * TLS with the admin's trusted certificate: the decrypted conversation, the handshake's outcome,
 * message bodies as their sizes, no password.
 */
class ProtocolTraceIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void bothTlsModesAreTracedDecryptedWithoutMessagesOrPasswords() throws Exception {
    try (DovecotServer server =
        DovecotServer.builder("trace").layout(Layout.SLASH_NO_PREFIX).ssl().start()) {
      String user = "trace@example.test";
      server.addUser(user, "trace-secret-pw");
      new MaildirCorpus(server, user, 3).add(3, 4_000);
      String pem = server.certificatePem();
      for (Security security : List.of(Security.STARTTLS, Security.SSL)) {
        int port = security == Security.SSL ? server.imapsPort() : server.imapPort();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ProtocolTrace trace = new ProtocolTrace("source", lines::add);
        Store store =
            MailSessions.connect(
                new ServerEndpoint(server.host(), port, security, false, pem),
                user,
                "trace-secret-pw",
                TIMEOUT,
                TIMEOUT,
                trace);
        String body;
        try {
          Folder inbox = store.getFolder("INBOX");
          inbox.open(Folder.READ_ONLY);
          Message first = inbox.getMessage(1);
          ByteArrayOutputStream raw = new ByteArrayOutputStream();
          first.writeTo(raw);
          body = raw.toString(java.nio.charset.StandardCharsets.UTF_8);
          inbox.close(false);
        } finally {
          store.close();
        }
        String log = String.join("\n", lines);
        System.out.println(security + ":\n" + log);
        assertThat(log)
            .as(security.name())
            .contains("source TLS: TLSv1.", "certificate CN=localhost", "source S: * ", " OK ")
            .containsPattern("source C: \\S+ (LOGIN|AUTHENTICATE) •••")
            .containsPattern("source S: \\* 1 FETCH .*<\\d+ bytes>")
            .doesNotContain("trace-secret-pw");
        String lastBodyLine = body.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(log).as("the message's own text").doesNotContain(lastBodyLine);
        if (security == Security.STARTTLS) {
          assertThat(log).containsPattern("source C: \\S+ STARTTLS");
          assertThat(log.indexOf("STARTTLS\n"))
              .as("the TLS handshake after the STARTTLS command")
              .isLessThan(log.indexOf("source TLS: "));
        }
      }
    }
  }
}
