package io.mailferry.migration.application;

import io.mailferry.migration.domain.MigrationStatus;
import java.util.Locale;

/**
 * Which mailboxes a list shows and in which order. Blank parts filter nothing.
 *
 * @param address a part of the address, any case
 * @param domain a domain name, exactly
 * @param status a status name
 * @param sort one of {@link #SORTABLE}; the most recently updated first when blank
 */
public record MailboxFilter(
    String address, String domain, String status, String sort, boolean descending) {

  /** Sort keys and the JPQL paths they stand for (each has an index, see V6). */
  static final java.util.Map<String, String> SORTABLE =
      java.util.Map.of(
          "email", "m.email",
          "domain", "m.domain.name",
          "status", "m.status",
          "updatedAt", "m.updatedAt",
          "createdAt", "m.createdAt",
          "messagesDone", "m.messagesDone");

  public MailboxFilter {
    address = blankToNull(address);
    domain = blankToNull(domain) == null ? null : domain.trim().toLowerCase(Locale.ROOT);
    status = blankToNull(status) == null ? null : status.trim().toUpperCase(Locale.ROOT);
    String wanted = status;
    if (wanted != null
        && java.util.Arrays.stream(MigrationStatus.values())
            .noneMatch(s -> s.name().equals(wanted))) {
      throw new IllegalArgumentException(
          "status '"
              + status
              + "' is not one of "
              + java.util.Arrays.toString(MigrationStatus.values()));
    }
    sort = blankToNull(sort);
    if (sort != null && !SORTABLE.containsKey(sort)) {
      throw new IllegalArgumentException(
          "cannot sort by '" + sort + "': use one of " + String.join(", ", SORTABLE.keySet()));
    }
  }

  public static MailboxFilter all() {
    return new MailboxFilter(null, null, null, null, true);
  }

  MigrationStatus statusValue() {
    return status == null ? null : MigrationStatus.valueOf(status);
  }

  String orderBy() {
    String path = sort == null ? "m.updatedAt" : SORTABLE.get(sort);
    String direction = sort == null || descending ? " DESC" : " ASC";
    return path + direction + ", m.id" + direction;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
