package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ImapFailureTest {

  private static final ServerEndpoint SOURCE =
      new ServerEndpoint("imap.example.com", 993, Security.SSL, false, null);

  @Test
  void aRejectedLoginIsAnAuthenticationFailure() {
    AuthenticationFailedException failure =
        new AuthenticationFailedException("[AUTHENTICATIONFAILED] Authentication failed.");

    assertThat(ImapFailure.classify(failure)).isEqualTo(ImapFailure.AUTHENTICATION);
  }

  @Test
  void aRefusedConnectionIsUnreachable() {
    MessagingException failure =
        new MessagingException(
            "Couldn't connect to host, port: imap.example.com, 993",
            new ConnectException("Connection refused"));

    assertThat(ImapFailure.classify(failure)).isEqualTo(ImapFailure.UNREACHABLE);
  }

  @Test
  void anUnknownHostIsUnreachable() {
    MessagingException failure =
        new MessagingException("Unknown host", new UnknownHostException("imap.nowhere.invalid"));

    assertThat(ImapFailure.classify(failure)).isEqualTo(ImapFailure.UNREACHABLE);
  }

  @Test
  void aFailedTlsHandshakeIsATlsFailure() {
    MessagingException failure =
        new MessagingException(
            "Couldn't connect", new SSLHandshakeException("PKIX path building failed"));

    assertThat(ImapFailure.classify(failure)).isEqualTo(ImapFailure.TLS);
  }

  @Test
  void anUntrustedCertificateIsATlsFailure() {
    MessagingException failure =
        new MessagingException("Couldn't connect", new CertificateException("expired"));

    assertThat(ImapFailure.classify(failure)).isEqualTo(ImapFailure.TLS);
  }

  @Test
  void aTimeoutInsideTlsIsTransient() {
    SSLException failure = new SSLException("read failed", new SocketTimeoutException("timeout"));

    assertThat(ImapFailure.classify(failure)).isEqualTo(ImapFailure.TRANSIENT);
  }

  @Test
  void anOverQuotaResponseIsAQuotaFailure() {
    assertThat(ImapFailure.classify(new MessagingException("NO [OVERQUOTA] Mailbox is full")))
        .isEqualTo(ImapFailure.QUOTA);
    assertThat(ImapFailure.classify(new MessagingException("NO Quota exceeded")))
        .isEqualTo(ImapFailure.QUOTA);
  }

  @Test
  void aReadTimeoutIsTransient() {
    MessagingException failure =
        new MessagingException("read failed", new SocketTimeoutException("Read timed out"));

    assertThat(ImapFailure.classify(failure)).isEqualTo(ImapFailure.TRANSIENT);
  }

  @Test
  void aClosedFolderOrStoreIsTransient() {
    assertThat(ImapFailure.classify(new FolderClosedException(null, "* BYE server shutting down")))
        .isEqualTo(ImapFailure.TRANSIENT);
    assertThat(ImapFailure.classify(new StoreClosedException(null, "connection lost")))
        .isEqualTo(ImapFailure.TRANSIENT);
  }

  @Test
  void aPlainNoResponseIsRefused() {
    assertThat(ImapFailure.classify(new MessagingException("NO APPEND failed: message too big")))
        .isEqualTo(ImapFailure.REFUSED);
  }

  @Test
  void onlyUnreachableTransientAndTryAgainFailuresAreRetried() {
    assertThat(ImapFailure.values())
        .filteredOn(ImapFailure::retryable)
        .containsExactlyInAnyOrder(
            ImapFailure.UNREACHABLE, ImapFailure.TRANSIENT, ImapFailure.TRY_AGAIN);
  }

  @Test
  void temporaryRefusalsOfRfc5530AreTriedAgain() {
    for (String code : new String[] {"UNAVAILABLE", "INUSE", "LIMIT"}) {
      assertThat(
              ImapFailure.classify(new MessagingException("A5 NO [" + code + "] try again later")))
          .as(code)
          .isEqualTo(ImapFailure.TRY_AGAIN);
    }
  }

  @Test
  void aLimitOnTheMessagesSizeIsTooBigNotTriedAgain() {
    assertThat(
            ImapFailure.classify(
                new MessagingException("NO [LIMIT] Mail size is larger than the maximum size")))
        .isEqualTo(ImapFailure.TOO_BIG);
  }

  @Test
  void trycreateToobigAndOverquotaAreToldApart() {
    assertThat(ImapFailure.classify(new MessagingException("NO [TRYCREATE] Mailbox doesn't exist")))
        .isEqualTo(ImapFailure.TRY_CREATE);
    assertThat(ImapFailure.classify(new MessagingException("NO [TOOBIG] Message too large")))
        .isEqualTo(ImapFailure.TOO_BIG);
    assertThat(ImapFailure.classify(new MessagingException("NO [OVERQUOTA] Quota exceeded")))
        .isEqualTo(ImapFailure.QUOTA);
  }

  @Test
  void anAuthenticationFailureIsDescribedWithoutTheServersWording() {
    String text =
        ImapFailure.AUTHENTICATION.describe(
            "source", SOURCE, new AuthenticationFailedException("[AUTHENTICATIONFAILED] x"));

    assertThat(text)
        .isEqualTo(
            "The source server imap.example.com:993 (ssl) rejected the login:"
                + " wrong user name or password");
  }

  @Test
  void anUnreachableServerIsDescribedWithTheRootCause() {
    MessagingException failure =
        new MessagingException("Couldn't connect", new ConnectException("Connection refused"));

    assertThat(ImapFailure.UNREACHABLE.describe("source", SOURCE, failure))
        .isEqualTo(
            "The source server imap.example.com:993 (ssl) cannot be reached: Connection refused");
  }

  @Test
  void otherFailuresAreDescribedWithTheRoleAndDetail() {
    MessagingException full = new MessagingException("NO [OVERQUOTA] Mailbox is full");

    assertThat(ImapFailure.QUOTA.describe("destination", SOURCE, full))
        .isEqualTo("The destination mailbox is full (quota exceeded): [OVERQUOTA] Mailbox is full");
    assertThat(ImapFailure.TLS.describe("source", SOURCE, new SSLHandshakeException("bad cert")))
        .startsWith("The source server imap.example.com:993 (ssl) failed the TLS check")
        .endsWith(": bad cert");
    assertThat(
            ImapFailure.TRANSIENT.describe(
                "source", SOURCE, new SocketTimeoutException("Read timed out")))
        .isEqualTo(
            "The connection to the source server imap.example.com:993 (ssl) was lost:"
                + " Read timed out");
    assertThat(ImapFailure.REFUSED.describe("destination", SOURCE, new MessagingException("NO x")))
        .isEqualTo("The destination server imap.example.com:993 (ssl) refused: x");
  }

  @Test
  void theServersAnswerLosesItsTagStatusAndDovecotsTiming() {
    assertThat(
            ImapFailure.rootMessage(
                new MessagingException(
                    "AJ10 NO [OVERQUOTA] Quota exceeded (mailbox for user is full)"
                        + " (0.004 + 0.000 + 0.003 secs).")))
        .isEqualTo("[OVERQUOTA] Quota exceeded (mailbox for user is full)");
    assertThat(ImapFailure.rootMessage(new MessagingException("Connection refused")))
        .isEqualTo("Connection refused");
  }

  @Test
  void rootMessageFallsBackToTheExceptionTypeWhenNothingHasAMessage() {
    assertThat(ImapFailure.rootMessage(new SocketTimeoutException()))
        .isEqualTo("SocketTimeoutException");
  }

  @Test
  void rootMessageKeepsTheOuterMessageWhenTheCauseHasNone() {
    assertThat(ImapFailure.rootMessage(new MessagingException("outer", new ConnectException())))
        .isEqualTo("outer");
  }
}
