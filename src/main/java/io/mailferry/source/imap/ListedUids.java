package io.mailferry.source.imap;

import io.mailferry.migration.domain.Uid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UIDs an open folder's listings found, over one unbroken stretch of UIDs: where the stretch
 * runs from 1 to the folder's UIDNEXT, it is the folder's every UID, and the folder's end needs no
 * listing of its own.
 */
final class ListedUids {

  private long[] uids = new long[64];
  private int size;
  private long from = -1;
  private long through = -1;

  /** A listing of the UIDs {@code first..last} found these, ascending. */
  void listed(long first, long last, List<Long> found) {
    if (from < 0 || first > through + 1 || first < from) {
      size = 0;
      from = first;
      through = first - 1;
    }
    for (long uid : found) {
      if (uid > through && uid <= last) {
        add(uid);
      }
    }
    through = Math.max(through, last);
  }

  private boolean covers(long first, long last) {
    return from >= 0 && first >= from && last <= through;
  }

  /**
   * Where a listing of the messages after {@code afterUid} has to start: past what the listings
   * covered already when they found nothing there after it.
   */
  long nextUnlisted(long afterUid) {
    long first = afterUid + 1;
    boolean nothingListedAfter = size == 0 || uids[size - 1] <= afterUid;
    return from >= 0 && first >= from && first <= through && nothingListedAfter
        ? through + 1
        : first;
  }

  /** Whether the listings covered UIDs 1 to {@code last}. */
  boolean coversAll(long last) {
    return covers(1, last);
  }

  /** Every UID listed, when the listings covered UIDs 1 to {@code last}; else null. */
  List<Uid> all(long last) {
    if (!covers(1, last)) {
      return null;
    }
    List<Uid> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add(Uid.of(uids[i]));
    }
    return all;
  }

  private void add(long uid) {
    if (size > 0 && uid <= uids[size - 1]) {
      return;
    }
    if (size == uids.length) {
      uids = Arrays.copyOf(uids, size * 2);
    }
    uids[size++] = uid;
  }
}
