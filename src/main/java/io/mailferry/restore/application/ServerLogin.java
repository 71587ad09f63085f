package io.mailferry.restore.application;

/**
 * The old server of a server-to-server move and an admin or master login there. {@code %u} in the
 * login stands for the mailbox's address ({@code %u*master}, Dovecot's master-user form).
 */
public record ServerLogin(
    String host,
    Integer port,
    String security,
    Boolean allowPlaintext,
    String login,
    String password) {}
