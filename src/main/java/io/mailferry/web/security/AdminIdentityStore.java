package io.mailferry.web.security;

import io.mailferry.config.AdminPassword;
import io.mailferry.config.MailferryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The administrator from {@code mailferry.admin.user} / {@code mailferry.admin.password} (plain or
 * a {@code {SHA512-CRYPT}} hash, see {@link AdminPassword}).
 */
@ApplicationScoped
public class AdminIdentityStore implements IdentityStore {

  public static final String ADMIN_GROUP = "admin";
  private static final Logger LOG = Logger.getLogger(AdminIdentityStore.class.getName());

  @Inject MailferryConfig config;

  public CredentialValidationResult validate(UsernamePasswordCredential credential) {
    String caller = credential.getCaller();
    if (!Inputs.isPrintable(caller)) {
      LOG.warning("Refused admin login: the user name holds control characters");
      return CredentialValidationResult.INVALID_RESULT;
    }
    boolean user = constantTimeEquals(caller, config.adminUser());
    boolean password =
        AdminPassword.of(config.adminPassword(), config.demo())
            .matches(credential.getPasswordAsString());
    if (user && password) {
      return new CredentialValidationResult(caller, Set.of(ADMIN_GROUP));
    }
    LOG.warning(() -> "Refused admin login for user '" + caller + "'");
    return CredentialValidationResult.INVALID_RESULT;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
