package io.mailferry.ops.tool;

/**
 * What the tool is asked to do.
 *
 * @param mode "compare" or "migrate"
 * @param email a mailbox Mailferry knows: its stored settings fill in what is not typed
 * @param source a server and login typed in, or null
 * @param destination a server and login typed in, or null
 */
public record ToolRequest(String mode, String email, Side source, Side destination) {

  /** One server and a login on it. */
  public record Side(
      String host,
      Integer port,
      String security,
      Boolean allowPlaintext,
      String login,
      String password) {

    public boolean given() {
      return host != null && !host.isBlank();
    }
  }

  public boolean migrate() {
    return "migrate".equalsIgnoreCase(mode);
  }
}
