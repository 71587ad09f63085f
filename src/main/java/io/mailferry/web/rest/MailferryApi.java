package io.mailferry.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JSON API under /api; everything but sign-up needs the admin login (HTTP Basic). */
@ApplicationPath("api")
public class MailferryApi extends Application {}
