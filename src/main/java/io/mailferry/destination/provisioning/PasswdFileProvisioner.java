package io.mailferry.destination.provisioning;

import io.mailferry.config.MailferryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * {@code passwd-file}: appends {@code user@domain:{SCHEME}hash:::::} to the Dovecot passwd-file
 * named by {@code mailferry.provisioner.passwd-file.path} (scheme from {@code
 * mailferry.provisioner.passwd-file.scheme}, default SHA512-CRYPT). uid, gid and home are left to
 * Dovecot's {@code mail_uid}, {@code mail_gid} and {@code mail_home}.
 */
@ApplicationScoped
public class PasswdFileProvisioner implements Provisioner {

  private static final Logger LOG = Logger.getLogger(PasswdFileProvisioner.class.getName());

  @Inject MailferryConfig config;

  @Override
  public String name() {
    return "passwd-file";
  }

  @Override
  public Result provision(MailAccount account, String password) {
    String scheme = config.provisionerSetting("passwd-file.scheme", "SHA512-CRYPT");
    return add(account, () -> PasswordHashes.hash(scheme, password));
  }

  @Override
  public Result provisionHashed(MailAccount account, String schemeAndHash) {
    return add(account, () -> schemeAndHash);
  }

  private Result add(MailAccount account, java.util.function.Supplier<String> hash) {
    Path path = Path.of(config.provisionerSetting("passwd-file.path", "/etc/dovecot/users"));
    PasswdFile file = new PasswdFile(path);
    try {
      if (file.contains(account.email())) {
        return Result.EXISTED;
      }
      if (file.add(account.email(), hash.get())) {
        LOG.info(() -> "Created the account " + account + " in " + path);
        return Result.CREATED;
      }
      return Result.EXISTED;
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw new ProvisioningException(
          "cannot create " + account + " in the passwd-file " + path + ": " + e.getMessage(), e);
    }
  }
}
