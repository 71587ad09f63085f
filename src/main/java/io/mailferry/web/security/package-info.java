/**
 * The admin realm: one administrator account from configuration, HTTP Basic for the API and a
 * login form with a session for the pages.
 */
package io.mailferry.web.security;
