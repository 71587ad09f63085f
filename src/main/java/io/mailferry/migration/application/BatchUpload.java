package io.mailferry.migration.application;

import io.mailferry.migration.domain.RejectedLine;
import java.util.List;

/**
 * What became of an uploaded CSV: the batch created with its mailboxes, or (id null) nothing at all
 * because lines were rejected.
 */
public record BatchUpload(Long id, int mailboxes, List<RejectedLine> rejected) {

  public boolean accepted() {
    return id != null;
  }
}
