package io.mailferry.ops;

import java.time.Instant;

/**
 * The server's usage at one moment, or averaged over {@code resolutionSeconds}: load averages as
 * ratios of the CPUs (1.0 = every CPU busy; null where the system does not say), the load gate's
 * threshold, copy throughput, mailboxes per state and heap, and the instance that took it (its
 * cluster id; null for samples taken before instances had ids).
 */
public record UsagePoint(
    Instant time,
    int resolutionSeconds,
    int cpus,
    Double load1,
    Double load5,
    Double load15,
    double threshold,
    double messagesPerSecond,
    double bytesPerSecond,
    int copying,
    int waiting,
    int queued,
    long heapUsed,
    long heapMax,
    String instance) {}
