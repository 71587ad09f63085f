package io.mailferry.migration.application;

/**
 * A domain's source server and folder rules, as the admin sets them.
 *
 * @param security ssl, starttls or none
 * @param excludeFolders one folder pattern per line ('*' wildcard, '/' between levels)
 * @param folderRenames one {@code Old/Name=New/Name} per line
 * @param maxMessageSize bytes; larger messages are skipped and reported; null for no limit
 * @param copyDeleted copy messages flagged deleted (with the flag); a new domain does
 */
public record DomainSettings(
    String name,
    String host,
    Integer port,
    String security,
    Boolean allowPlaintext,
    String trustedCertificate,
    Boolean autoMigration,
    String excludeFolders,
    String folderRenames,
    Long maxMessageSize,
    Boolean copyDeleted,
    Boolean migrationFinished) {}
