package io.mailferry.destination.imap;

/**
 * What became of one appended message.
 *
 * @param uid its UID on the destination (RFC 4315 APPENDUID), or null where the server does not say
 * @param rejection the server's answer when it refused the message, else null
 */
public record AppendOutcome(Long uid, String rejection) {

  public static AppendOutcome appended(Long uid) {
    return new AppendOutcome(uid, null);
  }

  public static AppendOutcome rejected(String reason) {
    return new AppendOutcome(null, reason);
  }

  public boolean isAppended() {
    return rejection == null;
  }
}
