/**
 * Mailferry's settings, read through MicroProfile Config: {@code microprofile-config.properties}
 * holds the defaults, environment variables override them. No other package reads configuration
 * keys directly.
 */
package io.mailferry.config;
