/**
 * JPA and Flyway plumbing: the schema migrations that run before anything else at start-up, and
 * converters. Entities live in the domain package; queries live in the application services.
 */
package io.mailferry.migration.persistence;
