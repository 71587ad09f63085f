package io.mailferry.web.pages;

import io.mailferry.config.MailferryConfig;
import io.mailferry.ops.UsageMetrics;
import io.mailferry.ops.UsagePoint;
import io.mailferry.ops.UsageSeries;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/** The usage metrics screen (1 h, 24 h, 7 d) and the small load chart on the dashboard. */
@Named
@ViewScoped
public class Usage implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject UsageMetrics metrics;
  @Inject MailferryConfig config;

  private String range = "1h";
  private transient List<UsagePoint> points;

  private List<UsagePoint> points() {
    if (points == null) {
      points = metrics.points(UsageSeries.Range.parse(range));
    }
    return points;
  }

  public void refresh() {
    points = null;
  }

  public boolean isNoPoints() {
    return points().isEmpty();
  }

  public int getPointCount() {
    return points().size();
  }

  public String getLoadChart() {
    return UsageCharts.load(points(), config.loadThreshold(), rangeValue().length(), false);
  }

  public String getThroughputChart() {
    return UsageCharts.throughput(points(), rangeValue().length());
  }

  public String getMailboxesChart() {
    return UsageCharts.mailboxes(points(), rangeValue().length());
  }

  /** The last hour's load for the dashboard. */
  public String getSmallLoadChart() {
    return UsageCharts.load(points(), config.loadThreshold(), rangeValue().length(), true);
  }

  private UsageSeries.Range rangeValue() {
    return UsageSeries.Range.parse(range);
  }

  public String getRange() {
    return range;
  }

  public void setRange(String range) {
    this.range = UsageSeries.Range.parse(range).label();
    this.points = null;
  }
}
