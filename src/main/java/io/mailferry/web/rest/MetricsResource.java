package io.mailferry.web.rest;

import io.mailferry.config.MailferryConfig;
import io.mailferry.ops.UsageMetrics;
import io.mailferry.ops.UsagePoint;
import io.mailferry.ops.UsageSeries;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Usage metrics: {@code GET /api/metrics?range=1h|24h|7d} answers {@code {"range", "threshold",
 * "points": [...]}}, load as a ratio of the CPUs, oldest point first.
 */
@Path("metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

  /** The answer. */
  public record Metrics(String range, double threshold, List<UsagePoint> points) {}

  @Inject UsageMetrics metrics;
  @Inject MailferryConfig config;

  @GET
  public Metrics get(@QueryParam("range") String range) {
    UsageSeries.Range parsed = UsageSeries.Range.parse(range);
    return new Metrics(parsed.label(), config.loadThreshold(), metrics.points(parsed));
  }
}
