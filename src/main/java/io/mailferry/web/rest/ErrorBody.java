package io.mailferry.web.rest;

/** Every error the API returns: a status and a sentence, never a stack trace. */
public record ErrorBody(int status, String message) {}
