package io.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.mailserver.Security;
import io.mailferry.mailserver.ServerEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Properties;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static Properties properties(Security security) {
    return MailSessions.session(
            new ServerEndpoint("127.0.0.1", 1143, security, true, null), TIMEOUT, TIMEOUT)
        .getProperties();
  }

  @Test
  void everyConnectionMailferryOpensHasNagleOff() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SocketFactory factory =
          (SocketFactory) properties(Security.NONE).get("mail.imap.socketFactory");
      try (Socket socket = factory.createSocket()) {
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        assertThat(socket.getTcpNoDelay()).isTrue();
      }
    }
  }

  @Test
  void implicitTlsGoesThroughTheNoDelayTlsFactoryAndStartTlsKeepsAPlainOne() {
    assertThat(properties(Security.SSL).get("mail.imaps.ssl.socketFactory"))
        .isInstanceOf(NoDelaySockets.Tls.class);
    assertThat(properties(Security.SSL).get("mail.imaps.socketFactory")).isNull();
    assertThat(properties(Security.STARTTLS).get("mail.imap.socketFactory"))
        .isInstanceOf(NoDelaySockets.Plain.class);
    assertThat(properties(Security.STARTTLS).get("mail.imap.ssl.socketFactory"))
        .isInstanceOf(SSLSocketFactory.class);
  }
}
