package io.mailferry.web.pages;

import io.mailferry.migration.application.BatchOptions;
import io.mailferry.migration.application.BatchService;
import io.mailferry.migration.application.BatchUpload;
import io.mailferry.migration.application.BatchView;
import io.mailferry.migration.domain.BatchCsv;
import io.mailferry.migration.domain.RejectedLine;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.primefaces.model.file.UploadedFile;

/**
 * Batch migration: upload a CSV (the bad lines are listed and nothing starts), and the batches so
 * far. The upload is read in memory and dropped; only the checked mailboxes are kept.
 */
@Named
@ViewScoped
public class Batches implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int SHOWN = 100;

  /** The servlet accepts larger parts (restore archives); a CSV stays at 5 MB, in memory. */
  private static final long MAX_CSV_BYTES = 5L * 1024 * 1024;

  @Inject BatchService batches;

  private transient UploadedFile file;
  private String masterLogin;
  private String masterPassword;
  private Integer waveSize;
  private LocalDateTime startAt;
  private boolean checkLogins;
  private List<RejectedLine> rejected = List.of();
  private String rejectedFile;
  private transient List<BatchView> rows;

  /** Checks the file; starts it (and opens its page) when every line is good. */
  public String upload() {
    rejected = List.of();
    rejectedFile = null;
    if (file == null || file.getSize() == 0) {
      PageMessages.error("Choose a CSV file first (email,password per line, after a header row).");
      return null;
    }
    if (file.getSize() > MAX_CSV_BYTES) {
      PageMessages.error("The CSV file is larger than 5 MB: split it into batches of 1000 lines.");
      return null;
    }
    String name = file.getFileName();
    try {
      BatchUpload upload =
          batches.upload(
              file.getContent(),
              new BatchOptions(
                  name,
                  blank(masterLogin) ? null : masterLogin,
                  blank(masterLogin) ? null : masterPassword,
                  waveSize,
                  startAt == null ? null : startAt.atZone(ZoneId.systemDefault()).toInstant(),
                  checkLogins));
      if (!upload.accepted()) {
        rejected = upload.rejected();
        rejectedFile = name;
        PageMessages.error(
            name
                + ": "
                + rejected.size()
                + (rejected.size() == 1 ? " line is" : " lines are")
                + " not right, and nothing was started. Fix them (or leave them out) and upload"
                + " the file again.");
        return null;
      }
      return "/admin/batch?faces-redirect=true&id=" + upload.id();
    } catch (RuntimeException e) {
      PageMessages.failure("uploading " + name, name + " was not accepted", e);
      return null;
    } finally {
      masterPassword = null;
      file = null;
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  public List<BatchView> getRows() {
    if (rows == null) {
      refresh();
    }
    return rows;
  }

  public void refresh() {
    rows = batches.list(SHOWN);
  }

  public int getMaxMailboxes() {
    return BatchCsv.MAX_MAILBOXES;
  }

  public List<RejectedLine> getRejected() {
    return rejected;
  }

  public String getRejectedFile() {
    return rejectedFile;
  }

  public UploadedFile getFile() {
    return file;
  }

  public void setFile(UploadedFile file) {
    this.file = file;
  }

  public String getMasterLogin() {
    return masterLogin;
  }

  public void setMasterLogin(String masterLogin) {
    this.masterLogin = masterLogin;
  }

  public String getMasterPassword() {
    return masterPassword;
  }

  public void setMasterPassword(String masterPassword) {
    this.masterPassword = masterPassword;
  }

  public Integer getWaveSize() {
    return waveSize;
  }

  public void setWaveSize(Integer waveSize) {
    this.waveSize = waveSize;
  }

  public LocalDateTime getStartAt() {
    return startAt;
  }

  public void setStartAt(LocalDateTime startAt) {
    this.startAt = startAt;
  }

  public boolean isCheckLogins() {
    return checkLogins;
  }

  public void setCheckLogins(boolean checkLogins) {
    this.checkLogins = checkLogins;
  }
}
