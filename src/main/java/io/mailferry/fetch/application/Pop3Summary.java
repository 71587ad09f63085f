package io.mailferry.fetch.application;

/** The sentence a finished run leaves on the screen. */
final class Pop3Summary {

  private Pop3Summary() {}

  static String of(Pop3FetchPass.Result result, boolean leaveOnServer) {
    StringBuilder text = new StringBuilder();
    text.append(result.fetched() == 0 ? "No new message" : count(result.fetched(), "new message"))
        .append(" fetched");
    if (result.recognised() > 0) {
      text.append(", ")
          .append(count(result.recognised(), "message"))
          .append(" of an interrupted run found on the destination");
    }
    if (result.refused() > 0) {
      text.append("; ")
          .append(count(result.refused(), "message"))
          .append(" refused by the destination (tried again next run)");
    }
    text.append("; ").append(count(result.onServer(), "message")).append(" on the POP3 server");
    if (!leaveOnServer) {
      text.append(", ").append(result.deleted()).append(" deleted there after the append");
    }
    if (!result.uidl()) {
      text.append(
          ". The server has no UIDL: messages are recognised by a fingerprint of their headers"
              + " and size");
    }
    return text.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
