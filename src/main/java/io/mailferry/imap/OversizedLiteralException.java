package io.mailferry.imap;

import java.io.IOException;

/** A server announced a literal larger than Mailferry accepts; nothing was allocated for it. */
public final class OversizedLiteralException extends IOException {

  public OversizedLiteralException(long announced, long limit) {
    super(
        "the server announced a literal of "
            + announced
            + " bytes, more than the limit of "
            + limit
            + " bytes (mailferry.imap.max-literal-bytes); it was refused before reading it");
  }
}
