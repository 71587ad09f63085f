package io.mailferry.fetch.application;

/**
 * A new fetch as the API and the screen send it. Optional: allowPlaintext (false), folder (INBOX),
 * leaveOnServer (true), repeatMinutes (none), port (995 for ssl, 110 otherwise), trustedCertificate
 * (PEM of a certificate to trust besides the system's).
 */
public record Pop3FetchRequest(
    String email,
    String host,
    Integer port,
    String security,
    Boolean allowPlaintext,
    String login,
    String password,
    String folder,
    Boolean leaveOnServer,
    Integer repeatMinutes,
    String trustedCertificate) {}
