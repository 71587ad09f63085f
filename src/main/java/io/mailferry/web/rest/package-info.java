/**
 * The JSON API under {@code /api}: thin JAX-RS resources over the application services, and one
 * exception mapper that answers every failure with a status and a sentence, never a stack trace.
 */
package io.mailferry.web.rest;
