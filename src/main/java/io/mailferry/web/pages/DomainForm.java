package io.mailferry.web.pages;

import io.mailferry.migration.application.DomainSettings;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** What the domain dialog edits; turned into {@link DomainSettings} for the service. */
public class DomainForm implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final BigDecimal MEGABYTE = BigDecimal.valueOf(1024L * 1024L);

  private boolean existing;
  private String name;
  private String host;
  private Integer port;
  private String security = "ssl";
  private boolean allowPlaintext;
  private String trustedCertificate;
  private boolean autoMigration = true;
  private String excludeFolders;
  private String folderRenames;
  private BigDecimal maxMessageMegabytes;
  private BigDecimal loadedMaxMessageMegabytes;
  private boolean copyDeleted = true;
  private boolean migrationFinished;
  private boolean hostChangePending;
  private boolean confirmHostChange;

  /** A blank form for a new domain (the service's defaults). */
  public static DomainForm blank() {
    return new DomainForm();
  }

  public static DomainForm of(DomainSettings settings) {
    DomainForm form = new DomainForm();
    form.existing = true;
    form.name = settings.name();
    form.host = settings.host();
    form.port = settings.port();
    form.security = settings.security();
    form.allowPlaintext = Boolean.TRUE.equals(settings.allowPlaintext());
    form.trustedCertificate = settings.trustedCertificate();
    form.autoMigration = Boolean.TRUE.equals(settings.autoMigration());
    form.excludeFolders = settings.excludeFolders();
    form.folderRenames = settings.folderRenames();
    form.maxMessageMegabytes =
        settings.maxMessageSize() == null
            ? null
            : BigDecimal.valueOf(settings.maxMessageSize())
                .divide(MEGABYTE, 2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
    form.loadedMaxMessageMegabytes = form.maxMessageMegabytes;
    form.copyDeleted = Boolean.TRUE.equals(settings.copyDeleted());
    form.migrationFinished = Boolean.TRUE.equals(settings.migrationFinished());
    return form;
  }

  /**
   * The settings to save. Text areas are sent as typed (empty clears them); an empty port lets the
   * service pick the default for the security; the size limit is sent only when it was changed, so
   * an odd byte count set through the API is not rounded to megabytes by an unrelated edit.
   */
  public DomainSettings toSettings() {
    Long maxBytes;
    if (existing && same(maxMessageMegabytes, loadedMaxMessageMegabytes)) {
      maxBytes = null;
    } else if (maxMessageMegabytes == null || maxMessageMegabytes.signum() == 0) {
      maxBytes = existing ? 0L : null;
    } else {
      maxBytes =
          maxMessageMegabytes.multiply(MEGABYTE).setScale(0, RoundingMode.HALF_UP).longValue();
    }
    return new DomainSettings(
        name,
        host,
        port,
        security,
        allowPlaintext,
        trustedCertificate == null ? "" : trustedCertificate,
        autoMigration,
        excludeFolders == null ? "" : excludeFolders,
        folderRenames == null ? "" : folderRenames,
        maxBytes,
        copyDeleted,
        migrationFinished);
  }

  private static boolean same(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  public boolean isExisting() {
    return existing;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getSecurity() {
    return security;
  }

  public void setSecurity(String security) {
    this.security = security;
  }

  public boolean isAllowPlaintext() {
    return allowPlaintext;
  }

  public void setAllowPlaintext(boolean allowPlaintext) {
    this.allowPlaintext = allowPlaintext;
  }

  public String getTrustedCertificate() {
    return trustedCertificate;
  }

  public void setTrustedCertificate(String trustedCertificate) {
    this.trustedCertificate = trustedCertificate;
  }

  public boolean isAutoMigration() {
    return autoMigration;
  }

  public void setAutoMigration(boolean autoMigration) {
    this.autoMigration = autoMigration;
  }

  public String getExcludeFolders() {
    return excludeFolders;
  }

  public void setExcludeFolders(String excludeFolders) {
    this.excludeFolders = excludeFolders;
  }

  public String getFolderRenames() {
    return folderRenames;
  }

  public void setFolderRenames(String folderRenames) {
    this.folderRenames = folderRenames;
  }

  public BigDecimal getMaxMessageMegabytes() {
    return maxMessageMegabytes;
  }

  public void setMaxMessageMegabytes(BigDecimal maxMessageMegabytes) {
    this.maxMessageMegabytes = maxMessageMegabytes;
  }

  public boolean isCopyDeleted() {
    return copyDeleted;
  }

  public void setCopyDeleted(boolean copyDeleted) {
    this.copyDeleted = copyDeleted;
  }

  /** The service asked to confirm a new source host: the dialog shows the confirmation box. */
  public boolean isHostChangePending() {
    return hostChangePending;
  }

  public void askToConfirmHostChange() {
    this.hostChangePending = true;
  }

  public boolean isConfirmHostChange() {
    return confirmHostChange;
  }

  public void setConfirmHostChange(boolean confirmHostChange) {
    this.confirmHostChange = confirmHostChange;
  }

  public boolean isMigrationFinished() {
    return migrationFinished;
  }

  public void setMigrationFinished(boolean migrationFinished) {
    this.migrationFinished = migrationFinished;
  }
}
