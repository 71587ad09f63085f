package io.mailferry.ops;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** The usage points of a range, merged to the range's bucket, for the charts and the API. */
@Stateless
public class UsageMetrics {

  @Inject UsageStore store;

  public List<UsagePoint> points(UsageSeries.Range range) {
    Instant now = Instant.now();
    List<UsagePoint> raw = store.between(now.minus(range.length()), now.plusSeconds(1));
    return UsageSeries.merge(raw, range.bucket());
  }
}
