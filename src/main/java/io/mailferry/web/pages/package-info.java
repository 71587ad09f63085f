/**
 * The JSF backing beans of the PrimeFaces pages, one per use case ({@code Dashboard}, {@code
 * Domains}, {@code Migrations}, {@code MigrationDetail}, {@code JobHistory}; for users: {@code
 * Signup}, {@code MyMigration}). They are thin: they call the application services, hold the views
 * those return, and turn the services' refusals into page messages. No persistence or mail code
 * here, and no raw database ids on a page.
 */
package io.mailferry.web.pages;
