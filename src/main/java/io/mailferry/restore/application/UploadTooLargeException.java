package io.mailferry.restore.application;

/** An upload over {@code mailferry.restore.max-upload-bytes}; answered 413. */
public class UploadTooLargeException extends RuntimeException {

  public UploadTooLargeException(long limit) {
    super(
        "The upload is larger than the "
            + limit
            + " bytes Mailferry accepts (mailferry.restore.max-upload-bytes); split the archive"
            + " by folder or raise the limit");
  }
}
