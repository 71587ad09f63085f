package io.mailferry.migration.application;

import java.util.List;

/** A page of the job history and how many job instances match in all. */
public record JobPage(long total, List<JobInstanceView> instances) {

  public JobPage {
    instances = List.copyOf(instances);
  }

  /** Every execution of the page, newest first, for the flat JSON list. */
  public List<JobView> executions() {
    return instances.stream().flatMap(i -> i.executions().stream()).toList();
  }
}
