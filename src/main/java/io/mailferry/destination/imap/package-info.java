/**
 * The destination adapter for IMAP: folder creation and subscription, MULTIAPPEND (RFC 3502) with
 * APPENDUID sets (RFC 4315), single APPENDs to isolate a refused message, the fingerprint scan that
 * recognises messages appended before a crash, and flag changes.
 */
package io.mailferry.destination.imap;
