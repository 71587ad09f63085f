package io.mailferry.fetch.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class Pop3FailureTest {

  private final ServerEndpoint pop3 =
      new ServerEndpoint("pop.example.org", 995, Security.SSL, false, null);
  private final ServerEndpoint destination =
      new ServerEndpoint("imap.example.org", 993, Security.SSL, false, null);

  @Test
  void aRefusedLoginIsReportedInTheServersWordsAndNotTriedAgain() {
    Pop3Failure failure =
        Pop3Failure.of(
            new AuthenticationFailedException("-ERR [AUTH] Authentication failed."),
            pop3,
            destination);

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.message())
        .isEqualTo(
            "The POP3 server pop.example.org:995 (ssl) refused the login: [AUTH] Authentication"
                + " failed.");
  }

  @Test
  void anUnreachableServerIsTriedAgainAndNamed() {
    Pop3Failure failure =
        Pop3Failure.of(
            new MessagingException("Connect failed", new ConnectException("Connection refused")),
            pop3,
            destination);

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.message()).contains("pop.example.org:995", "cannot be reached");
  }

  @Test
  void aFailedTlsCheckIsFinal() {
    Pop3Failure failure =
        Pop3Failure.of(
            new MessagingException("Connect failed", new SSLHandshakeException("PKIX path")),
            pop3,
            destination);

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.message()).contains("TLS");
  }

  @Test
  void aDestinationFailureNamesTheDestination() {
    Pop3Failure failure =
        Pop3Failure.of(
            new ImapFolderDestination.DestinationFailure(
                new AuthenticationFailedException("AUTHENTICATIONFAILED")),
            pop3,
            destination);

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.message()).contains("destination server imap.example.org:993");
  }
}
