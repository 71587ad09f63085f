package io.mailferry.ops.check;

/** The answer to "check connection": the domain's source and Mailferry's destination. */
public record CheckReport(String domain, ServerReport source, ServerReport destination) {}
