package io.mailferry.destination.provisioning;

import io.mailferry.config.MailferryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * The provisioner chosen by {@code mailferry.provisioner}: {@code sql}, {@code passwd-file} or
 * {@code none}.
 */
@ApplicationScoped
public class Provisioners {

  @Inject MailferryConfig config;
  @Inject NoneProvisioner none;
  @Inject SqlProvisioner sql;
  @Inject PasswdFileProvisioner passwdFile;

  /**
   * @throws IllegalStateException when the setting names no provisioner
   */
  public Provisioner selected() {
    String name = config.provisioner().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "none", "" -> none;
      case "sql" -> sql;
      case "passwd-file", "passwdfile" -> passwdFile;
      default ->
          throw new IllegalStateException(
              "mailferry.provisioner is '" + name + "'; use sql, passwd-file or none");
    };
  }
}
