package io.mailferry.testing;

/**
 * The admin login of the test servers: {@link PayaraMicro} sets it unless a test sets its own, and
 * {@code arquillian.xml} passes the same password. Outside demo mode Mailferry refuses the demo's
 * admin/admin.
 */
public final class TestAdmin {

  public static final String USER = "admin";
  public static final String PASSWORD = "it-admin-password-2026";

  private TestAdmin() {}
}
