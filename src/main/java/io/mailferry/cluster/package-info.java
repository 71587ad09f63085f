/**
 * Several instances on one database: each instance's id and heartbeat row, the leases under which
 * an instance works on a mailbox (renewed by the heartbeat; only an expired one is recovered, by
 * any instance), and the slots of the ceiling per source server counted over every instance. Plain
 * JDBC on Mailferry's own tables; no Hazelcast, no IMAP, no batch or page code here.
 */
package io.mailferry.cluster;
