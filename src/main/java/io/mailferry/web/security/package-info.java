/**
 * The admin realm and the web edge's defences: one administrator account from configuration, HTTP
 * Basic for the API and a login form with a session for the pages (never for the API), the
 * failed-login limit, the client address behind trusted proxies, HTTPS and security headers on
 * every answer, and the refusal of control characters in what comes in.
 */
package io.mailferry.web.security;
