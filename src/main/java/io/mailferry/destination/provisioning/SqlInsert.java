package io.mailferry.destination.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INSERT of the {@code sql} provisioner ({@code mailferry.provisioner.sql.insert}) turned into
 * a prepared statement. It names its values either with the placeholders {@code :userid} (the local
 * part), {@code :domain}, {@code :email} (the whole address) and {@code :password} (the {@code
 * {SCHEME}hash}), in any order and any number, or with exactly three {@code ?}, bound to userid,
 * domain and password in that order. Values are always bound, never spliced into the SQL.
 */
public final class SqlInsert {

  /** A placeholder, not preceded by ':' (PostgreSQL's {@code ::} casts stay as they are). */
  private static final Pattern NAMED = Pattern.compile("(?<!:):(userid|domain|email|password)\\b");

  private final String sql;
  private final List<String> parameters;

  private SqlInsert(String sql, List<String> parameters) {
    this.sql = sql;
    this.parameters = List.copyOf(parameters);
  }

  /**
   * @throws IllegalArgumentException when the statement names no value in a known way
   */
  public static SqlInsert parse(String statement) {
    if (statement == null || statement.isBlank()) {
      throw new IllegalArgumentException("mailferry.provisioner.sql.insert is empty");
    }
    Matcher matcher = NAMED.matcher(statement);
    List<String> names = new ArrayList<>();
    StringBuilder sql = new StringBuilder();
    while (matcher.find()) {
      names.add(matcher.group(1));
      matcher.appendReplacement(sql, "?");
    }
    matcher.appendTail(sql);
    if (!names.isEmpty()) {
      if (!names.contains("password")) {
        throw new IllegalArgumentException("mailferry.provisioner.sql.insert must use :password");
      }
      return new SqlInsert(sql.toString(), names);
    }
    long marks = statement.chars().filter(c -> c == '?').count();
    if (marks != 3) {
      throw new IllegalArgumentException(
          "mailferry.provisioner.sql.insert must have three ? (userid, domain, password) or use"
              + " :userid, :domain, :email and :password; it has "
              + marks
              + " ?");
    }
    return new SqlInsert(statement, List.of("userid", "domain", "password"));
  }

  public String sql() {
    return sql;
  }

  /** The values to bind, in order. */
  public List<String> values(MailAccount account, String schemeAndHash) {
    return parameters.stream()
        .map(
            name ->
                switch (name) {
                  case "userid" -> account.localPart();
                  case "domain" -> account.domain();
                  case "email" -> account.email();
                  default -> schemeAndHash;
                })
        .toList();
  }
}
