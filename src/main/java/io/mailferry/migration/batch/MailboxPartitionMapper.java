package io.mailferry.migration.batch;

import io.mailferry.config.MailferryConfig;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** One partition per mailbox, on at most the concurrency ceiling's threads. */
@Dependent
@Named
public class MailboxPartitionMapper implements PartitionMapper {

  @Inject @BatchProperty String migrationIds;

  @Inject MailferryConfig config;

  @Override
  public PartitionPlan mapPartitions() {
    if (migrationIds == null || migrationIds.isBlank()) {
      throw new IllegalArgumentException("the job parameter migrationIds names no mailbox");
    }
    List<String> ids =
        Arrays.stream(migrationIds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    PartitionPlan plan = new PartitionPlanImpl();
    plan.setPartitions(ids.size());
    plan.setThreads(Math.max(1, Math.min(ids.size(), config.maxConcurrentMailboxes())));
    Properties[] properties = new Properties[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      properties[i] = new Properties();
      properties[i].setProperty("migrationId", ids.get(i));
    }
    plan.setPartitionProperties(properties);
    return plan;
  }
}
