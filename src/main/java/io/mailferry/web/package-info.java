/**
 * What people and scripts see: PrimeFaces pages ({@code web.pages}), the JSON API ({@code
 * web.rest}) and the admin realm ({@code web.security}). Beans and resources here are thin: they
 * translate requests into application service calls and results into views.
 */
package io.mailferry.web;
