package io.mailferry.migration.application;

import io.mailferry.migration.domain.FolderCheckpoint;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Counts the messages a domain rule left out, on the folder's checkpoint, with the chunk. */
@Stateless
public class RuleSkips {

  @PersistenceContext(unitName = "mailferry")
  private EntityManager em;

  /** Joins the chunk's transaction: the count commits (or not) with the chunk's checkpoint. */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void count(FolderBatch batch) {
    int skipped = batch.skippedByRule();
    if (skipped > 0) {
      em.find(FolderCheckpoint.class, batch.checkpointId()).skippedByRule(skipped);
    }
  }
}
