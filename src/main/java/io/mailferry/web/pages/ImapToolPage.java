package io.mailferry.web.pages;

import io.mailferry.ops.tool.FolderComparison;
import io.mailferry.ops.tool.ImapTool;
import io.mailferry.ops.tool.ToolRequest;
import io.mailferry.ops.tool.ToolRun;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

/** The single-user IMAP tool's page: a form, the live log, the folders, the log as a file. */
@Named("imapTool")
@ViewScoped
public class ImapToolPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int SHOWN = 500;

  @Inject ImapTool tool;

  private String mode = "compare";
  private String email;
  private String sourceHost;
  private Integer sourcePort;
  private String sourceSecurity = "ssl";
  private boolean sourcePlaintext;
  private String sourceLogin;
  private String sourcePassword;
  private String destinationHost;
  private Integer destinationPort;
  private String destinationSecurity = "ssl";
  private boolean destinationPlaintext;
  private String destinationLogin;
  private String destinationPassword;
  private String runId;

  public void start() {
    try {
      ToolRequest request =
          new ToolRequest(
              mode,
              email,
              side(
                  sourceHost,
                  sourcePort,
                  sourceSecurity,
                  sourcePlaintext,
                  sourceLogin,
                  sourcePassword),
              side(
                  destinationHost,
                  destinationPort,
                  destinationSecurity,
                  destinationPlaintext,
                  destinationLogin,
                  destinationPassword));
      runId = tool.start(request).id();
    } catch (RuntimeException e) {
      PageMessages.failure("starting the IMAP tool", e);
    } finally {
      sourcePassword = null;
      destinationPassword = null;
    }
  }

  private static ToolRequest.Side side(
      String host,
      Integer port,
      String security,
      boolean plaintext,
      String login,
      String password) {
    boolean typed = host != null && !host.isBlank();
    boolean passwordOnly = !typed && password != null && !password.isEmpty();
    if (!typed && !passwordOnly) {
      return null;
    }
    return new ToolRequest.Side(
        typed ? host : null,
        port,
        security,
        plaintext,
        login == null || login.isBlank() ? null : login,
        password);
  }

  private ToolRun run() {
    return runId == null ? null : tool.find(runId).orElse(null);
  }

  public boolean isStarted() {
    return run() != null;
  }

  public boolean isRunning() {
    ToolRun run = run();
    return run != null && run.status() == ToolRun.Status.RUNNING;
  }

  public String getStatus() {
    ToolRun run = run();
    return run == null ? "" : run.status().name();
  }

  public String getMessage() {
    ToolRun run = run();
    return run == null ? "" : run.message();
  }

  /** The newest lines on the page; the download has them all. */
  public String getLog() {
    ToolRun run = run();
    if (run == null) {
      return "";
    }
    int total = run.lineCount();
    int from = Math.max(0, total - SHOWN);
    return (from > 0 ? "(" + from + " earlier lines are in the download)\n" : "")
        + String.join("\n", run.log(from));
  }

  public List<FolderComparison> getFolders() {
    ToolRun run = run();
    return run == null ? List.of() : run.folders();
  }

  public StreamedContent getLogFile() {
    ToolRun run = run();
    byte[] text =
        run == null
            ? new byte[0]
            : (String.join("\n", run.log(0)) + "\n").getBytes(StandardCharsets.UTF_8);
    return DefaultStreamedContent.builder()
        .name(run == null ? "mailferry-imap-tool.log" : run.fileName())
        .contentType("text/plain; charset=UTF-8")
        .stream(() -> new ByteArrayInputStream(text))
        .build();
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getSourceHost() {
    return sourceHost;
  }

  public void setSourceHost(String sourceHost) {
    this.sourceHost = sourceHost;
  }

  public Integer getSourcePort() {
    return sourcePort;
  }

  public void setSourcePort(Integer sourcePort) {
    this.sourcePort = sourcePort;
  }

  public String getSourceSecurity() {
    return sourceSecurity;
  }

  public void setSourceSecurity(String sourceSecurity) {
    this.sourceSecurity = sourceSecurity;
  }

  public boolean isSourcePlaintext() {
    return sourcePlaintext;
  }

  public void setSourcePlaintext(boolean sourcePlaintext) {
    this.sourcePlaintext = sourcePlaintext;
  }

  public String getSourceLogin() {
    return sourceLogin;
  }

  public void setSourceLogin(String sourceLogin) {
    this.sourceLogin = sourceLogin;
  }

  public String getSourcePassword() {
    return sourcePassword;
  }

  public void setSourcePassword(String sourcePassword) {
    this.sourcePassword = sourcePassword;
  }

  public String getDestinationHost() {
    return destinationHost;
  }

  public void setDestinationHost(String destinationHost) {
    this.destinationHost = destinationHost;
  }

  public Integer getDestinationPort() {
    return destinationPort;
  }

  public void setDestinationPort(Integer destinationPort) {
    this.destinationPort = destinationPort;
  }

  public String getDestinationSecurity() {
    return destinationSecurity;
  }

  public void setDestinationSecurity(String destinationSecurity) {
    this.destinationSecurity = destinationSecurity;
  }

  public boolean isDestinationPlaintext() {
    return destinationPlaintext;
  }

  public void setDestinationPlaintext(boolean destinationPlaintext) {
    this.destinationPlaintext = destinationPlaintext;
  }

  public String getDestinationLogin() {
    return destinationLogin;
  }

  public void setDestinationLogin(String destinationLogin) {
    this.destinationLogin = destinationLogin;
  }

  public String getDestinationPassword() {
    return destinationPassword;
  }

  public void setDestinationPassword(String destinationPassword) {
    this.destinationPassword = destinationPassword;
  }
}
